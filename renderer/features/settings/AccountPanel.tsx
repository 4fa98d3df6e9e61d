import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { usePendingCount } from '../../data/use-outbox';
import { ConfirmStep } from '../../ui/ConfirmStep';

/**
 * Who is signed in here, and signing out so that someone else can sign in (decision 0011), or
 * signing out and removing this team's data from the computer (issue 22): its evidence files and
 * everything the app keeps of the team. Neither is offered while changes wait to be sent: signed
 * out, no one but their author could send them.
 */
export function AccountPanel(props: { onSignedOut: () => void }) {
  const { t } = useTranslation();
  const { db, session, signOut, signOutAndRemoveTeamData } = useDeskData();
  const pending = usePendingCount(db) ?? 0;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  if (!session) return null;
  const effects = [t('settings.account.remove.evidence'), t('settings.account.remove.cases'), t('settings.account.remove.kept')];
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
      {refusal !== undefined && (
        <Alert color="red" role="alert" mt="sm" data-testid="remove-refused">
          <Text size="sm">{refusal}</Text>
        </Alert>
      )}
      <Group mt="sm">
        <Button
          variant="default"
          disabled={pending > 0}
          loading={busy && !confirming}
          onClick={async () => {
            // A refusal (a change queued since the button was enabled) shows through the live count.
            setBusy(true);
            const done = await signOut().finally(() => setBusy(false));
            if (done.ok) props.onSignedOut();
          }}
        >
          {t('settings.account.signOut')}
        </Button>
        <Button variant="light" color="red" disabled={pending > 0 || busy} onClick={() => setConfirming(true)}>
          {t('settings.account.remove.open')}
        </Button>
      </Group>
      <ConfirmStep
        effects={confirming ? effects : undefined}
        effectsTestId="remove-team-data-effects"
        title={t('settings.account.remove.title')}
        final={t('settings.account.remove.final')}
        confirmLabel={t('settings.account.remove.confirm')}
        confirmColor="red"
        backLabel={t('settings.account.remove.back')}
        confirming={busy}
        onBack={() => setConfirming(false)}
        onConfirm={async () => {
          setBusy(true);
          setRefusal(undefined);
          const done = await signOutAndRemoveTeamData().finally(() => setBusy(false));
          setConfirming(false);
          if (done.ok) props.onSignedOut();
          // Waiting changes show through the live count; files still moving are said here.
          else if ('busy' in done) setRefusal(done.busy);
        }}
      />
    </Paper>
  );
}
