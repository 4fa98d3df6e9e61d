import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The last step before a change the desk cannot take back (a ruling, an overturn) is queued: a
 * dialog that says in plain sentences what the change will do, a closing word, then confirm or
 * go back. Closing the dialog goes back, so nothing is queued by accident.
 */
export function ConfirmStep(props: {
  /** What the change will do, a sentence an item; the dialog is open while there are sentences to show. */
  effects: readonly ReactNode[] | undefined;
  /** Names the list of sentences for tests. */
  effectsTestId: string;
  title: string;
  /** The closing word under the sentences (that it cannot be undone, say). */
  final: string;
  confirmLabel: string;
  confirmColor: string;
  /** Names both the back button and the dialog's close button: both return to the form. */
  backLabel: string;
  /** The change is being queued. */
  confirming: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { effects } = props;
  return (
    <Modal opened={effects !== undefined} onClose={props.onBack} title={props.title} size="lg" closeButtonProps={{ 'aria-label': props.backLabel }}>
      {effects !== undefined && (
        <Stack gap="md">
          <List spacing="xs" data-testid={props.effectsTestId}>
            {effects.map((effect, index) => (
              // The sentences are fixed while the dialog is open, so their places are stable keys.
              <List.Item key={index}>{effect}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed">
            {props.final}
          </Text>
          <Group gap="sm">
            <Button color={props.confirmColor} onClick={props.onConfirm} loading={props.confirming} data-autofocus>
              {props.confirmLabel}
            </Button>
            <Button variant="default" onClick={props.onBack}>
              {props.backLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
