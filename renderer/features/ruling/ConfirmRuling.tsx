import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import type { RulingDecision } from '../../../shared/domain/rules';
import { rulingEffects } from './ruling-effects';

/**
 * The last step before a ruling is queued: what it will do, in plain sentences, since a ruling
 * moves money and cannot be taken back from here.
 */
export function ConfirmRuling(props: {
  decision: RulingDecision | undefined;
  dispute: Dispute;
  recording: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { decision } = props;
  return (
    <Modal
      opened={decision !== undefined}
      onClose={props.onBack}
      title={t('ruling.confirm.title', { id: props.dispute.id })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('ruling.confirm.back') }}
    >
      {decision !== undefined && (
        <Stack gap="md">
          <List spacing="xs" data-testid="ruling-effects">
            {rulingEffects(decision, props.dispute, t, i18n.language).map((sentence) => (
              <List.Item key={sentence}>{sentence}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed">
            {t('ruling.confirm.final')}
          </Text>
          <Group gap="sm">
            <Button color="indigo.8" onClick={props.onConfirm} loading={props.recording} data-autofocus>
              {t('ruling.confirm.record')}
            </Button>
            <Button variant="default" onClick={props.onBack}>
              {t('ruling.confirm.back')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
