import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PersonOnCase } from '../data/presence';
import { formatElapsed } from '../ui/format';
import { useNow } from '../ui/use-now';

/**
 * Asked before a ruling is started on a dispute a colleague is writing one on (issue 21): naming
 * them and how long, so the two talk before one of the rulings is wasted. Not starting is the
 * default and the first button in reach.
 */
export function RulingCollision(props: { writer: PersonOnCase | undefined; onStart: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { writer } = props;
  const now = useNow(30_000).getTime();
  const name = writer?.name ?? '';
  return (
    <Modal opened={writer !== undefined} onClose={props.onCancel} title={t('presence.collision.title', { name })} centered>
      {writer && (
        <Text size="sm">{t('presence.collision.body', { name, elapsed: formatElapsed(now - writer.since, i18n.language) })}</Text>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="filled" onClick={props.onCancel} data-autofocus>
          {t('presence.collision.cancel')}
        </Button>
        <Button variant="default" onClick={props.onStart}>
          {t('presence.collision.start')}
        </Button>
      </Group>
    </Modal>
  );
}
