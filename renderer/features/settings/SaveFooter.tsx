import { Alert, Button, Group, Text } from '@mantine/core';

/** Where a Settings form that saves one value stands. */
export type SaveState = { kind: 'loading' | 'ready' | 'saving' | 'saved' } | { kind: 'failed'; message: string };

/** The end of such a form: why saving failed, what was saved, and the save button. */
export function SaveFooter(props: { state: SaveState; failedTitle: string; savedText: string; saveLabel: string; disabled: boolean }) {
  const { state } = props;
  return (
    <>
      {state.kind === 'failed' && (
        <Alert color="red" role="alert" mt="sm" title={props.failedTitle}>
          {state.message}
        </Alert>
      )}
      {state.kind === 'saved' && (
        <Text size="sm" role="status" mt="sm">
          {props.savedText}
        </Text>
      )}
      <Group mt="sm">
        {/* Shade 8: the default shade 6 gives white text 4.3:1, under WCAG AA. */}
        <Button type="submit" color="indigo.8" loading={state.kind === 'saving'} disabled={props.disabled}>
          {props.saveLabel}
        </Button>
      </Group>
    </>
  );
}
