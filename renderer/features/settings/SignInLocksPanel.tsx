import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInLocksResponse } from '../../../shared/sync/sign-in-locks';
import { useDeskData } from '../../data/DeskDataProvider';
import { fetchSignInLocks, unlockAccount } from '../../data/service-client';
import { formatDateTime } from '../../ui/format';
import { SettingsPanel } from './SettingsPanel';

type Locked = SignInLocksResponse['locked'][number];

const browserFetch: typeof fetch = (input, init) => fetch(input, init);

/**
 * For team leads: the accounts locked after too many failed sign-ins, each with "Unlock" (decision
 * 0018), so a colleague who mistyped their password gets back to work without waiting out the lock.
 * Nothing for anyone else: only team leads may read the list.
 */
export function SignInLocksPanel(props: { fetchImpl?: typeof fetch }) {
  const { t, i18n } = useTranslation();
  const { session } = useDeskData();
  const fetchImpl = props.fetchImpl ?? browserFetch;
  const [locked, setLocked] = useState<Locked[] | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const lead = session?.user.role === 'team_lead' ? session : undefined;

  useEffect(() => {
    if (!lead) return;
    let current = true;
    void fetchSignInLocks(fetchImpl, lead).then((answer) => {
      if (!current) return;
      if (!answer.ok) return setProblem(answer.failure.message);
      setLocked(answer.value.locked);
      setProblem(undefined);
    });
    return () => {
      current = false;
    };
  }, [fetchImpl, lead, attempt]);

  if (!lead) return null;
  return (
    <SettingsPanel title={t('settings.locks.title')} hint={t('settings.locks.hint')}>
      {problem && (
        <Alert color="red" role="alert" mb="sm">
          {problem}
        </Alert>
      )}
      {locked?.length === 0 && <Text>{t('settings.locks.none')}</Text>}
      <Stack gap="xs">
        {locked?.map((account) => (
          <Group key={account.userId} justify="space-between" role="group" aria-label={account.name}>
            <div>
              <Text fw={500}>{account.name}</Text>
              <Text size="sm" c="dimmed">
                {t('settings.locks.until', { role: t(`audit.sampling.roles.${account.role}`), time: formatDateTime(account.lockedUntil, i18n.language) })}
              </Text>
            </div>
            <Button
              variant="default"
              loading={busy === account.userId}
              onClick={async () => {
                setBusy(account.userId);
                const answer = await unlockAccount(fetchImpl, lead, account.userId).finally(() => setBusy(undefined));
                if (!answer.ok) setProblem(answer.failure.message);
                setAttempt((count) => count + 1);
              }}
            >
              {t('settings.locks.unlock')}
            </Button>
          </Group>
        ))}
      </Stack>
      <Button variant="subtle" size="xs" mt="sm" onClick={() => setAttempt((count) => count + 1)}>
        {t('settings.locks.refresh')}
      </Button>
    </SettingsPanel>
  );
}
