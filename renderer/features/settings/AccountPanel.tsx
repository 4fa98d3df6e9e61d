import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { usePendingCount } from '../../data/use-outbox';

/**
 * Who is signed in here, and signing out so that someone else can sign in (decision 0011). Not
 * offered while changes wait to be sent: signed out, no one but their author could send them.
 */
export function AccountPanel(props: { onSignedOut: () => void }) {
  const { t } = useTranslation();
  const { db, session, signOut } = useDeskData();
  const pending = usePendingCount(db) ?? 0;
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-title">
      <Title order={2} size="h4" mb="xs" id="account-title">
        {t('settings.account.title')}
      </Title>
      <Text data-testid="signed-in-as">
        {t('settings.account.who', { name: session.user.name, role: t(`audit.sampling.roles.${session.user.role}`) })}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {t('settings.account.hint')}
      </Text>
      {pending > 0 && (
        <Alert color="yellow" role="status" mt="sm" data-testid="sign-out-blocked">
          <Text size="sm">{t('settings.account.pending', { count: pending })}</Text>
        </Alert>
      )}
      <Group mt="sm">
        <Button
          variant="default"
          disabled={pending > 0}
          loading={busy}
          onClick={async () => {
            // A refusal (a change queued since the button was enabled) shows through the live count.
            setBusy(true);
            const done = await signOut().finally(() => setBusy(false));
            if (done.ok) props.onSignedOut();
          }}
        >
          {t('settings.account.signOut')}
        </Button>
      </Group>
    </Paper>
  );
}
