import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Container, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { passphraseLength, type DeskLock } from '../../../shared/contract/at-rest';
import type { DeskApi } from '../../../shared/contract/calls';
import { newPassphraseForm } from '../../ui/new-passphrase';

/** What a locked desk asks for. */
export type LockedDesk = Extract<DeskLock, { status: 'locked' }>;

/** The passphrase of an existing key: whatever was typed goes to the host, which alone can tell. */
const passphraseForm = z.object({ passphrase: z.string().min(1, 'unlock.empty'), again: z.string() });

/**
 * The window of a desk whose key the host could not open by itself (issue 22, decision 0036): the
 * keychain refused, only a passphrase opens the key, or the OS has no keychain that protects
 * anything and the key is still to be made. Shows why in the host's words and asks for the
 * passphrase; nothing stored is read until the host says the desk is open. A wrong passphrase is
 * said under the field and changes nothing.
 */
export function UnlockScreen(props: { lock: LockedDesk; desk: Pick<DeskApi, 'invoke'>; onOpen: () => void }) {
  const { t } = useTranslation();
  const { lock } = props;
  const choosing = lock.needs === 'new-passphrase';
  const asksPassphrase = lock.needs !== 'keychain';
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState<'passphrase' | 'key-file' | 'keychain' | null>(null);
  const form = useForm<{ passphrase: string; again: string }>({
    resolver: zodResolver(choosing ? newPassphraseForm : passphraseForm),
    defaultValues: { passphrase: '', again: '' },
  });
  // Reached by Tab like every other control (Mantine leaves the toggle out of the tab order), and named in the user's language.
  const toggle = { tabIndex: 0, 'aria-label': t('unlock.show') };
  const problem = (field: 'passphrase' | 'again') => {
    const key = form.formState.errors[field]?.message;
    if (key !== undefined) return t(key, passphraseLength);
    return field === 'passphrase' && refusal !== null ? refusal : undefined;
  };

  const unlock = async (request: { passphrase: string } | { keyFile: true } | { keychain: true }) => {
    setBusy('keyFile' in request ? 'key-file' : 'keychain' in request ? 'keychain' : 'passphrase');
    setRefusal(null);
    try {
      const answer = await props.desk.invoke('app.unlock', request);
      if (!answer.ok) return setRefusal(answer.error.message);
      if (answer.value.status === 'refused') return setRefusal(answer.value.message);
      props.onOpen();
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Container size={480} py="xl">
      <Stack component="main" gap="md">
        <Title order={1} size="h2">
          {t(choosing ? 'unlock.chooseTitle' : 'unlock.title')}
        </Title>
        <Alert color={choosing ? 'blue' : 'orange'} title={t('unlock.why')}>
          {lock.reason}
        </Alert>
        {asksPassphrase && <Text size="sm">{t(choosing ? 'unlock.chooseHint' : 'unlock.hint')}</Text>}
        {!asksPassphrase && refusal !== null && (
          <Text size="sm" c="red.9" role="alert">
            {refusal}
          </Text>
        )}
        {asksPassphrase && (
          <form noValidate onSubmit={form.handleSubmit((values) => unlock({ passphrase: values.passphrase }))}>
            <Stack gap="xs">
              <PasswordInput
                label={t('unlock.label')}
                description={choosing ? t('unlock.description', passphraseLength) : undefined}
                autoComplete={choosing ? 'new-password' : 'current-password'}
                autoFocus
                visibilityToggleButtonProps={toggle}
                error={problem('passphrase')}
                {...form.register('passphrase', { onChange: () => setRefusal(null) })}
              />
              {choosing && <PasswordInput label={t('unlock.again')} autoComplete="new-password" visibilityToggleButtonProps={toggle} error={problem('again')} {...form.register('again')} />}
              <Group mt="xs">
                <Button type="submit" loading={busy === 'passphrase'} disabled={busy !== null}>
                  {t(choosing ? 'unlock.protect' : 'unlock.open')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {lock.keychainRetry && (
          <Group>
            <Button variant={asksPassphrase ? 'default' : 'filled'} loading={busy === 'keychain'} disabled={busy !== null} onClick={() => void unlock({ keychain: true })}>
              {t('unlock.keychainAgain')}
            </Button>
          </Group>
        )}
        {choosing && lock.keyFileAllowed && (
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('unlock.keyFileHint')}
            </Text>
            <Group>
              <Button variant="default" loading={busy === 'key-file'} disabled={busy !== null} onClick={() => void unlock({ keyFile: true })}>
                {t('unlock.keyFile')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
