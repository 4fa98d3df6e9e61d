import { zodResolver } from '@hookform/resolvers/zod';
import { PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { passphraseLength } from '../../../shared/contract/at-rest';
import { newPassphraseForm } from '../../ui/new-passphrase';
import { SaveFooter, type SaveState } from './SaveFooter';
import { SettingsPanel } from './SettingsPanel';

/**
 * A passphrase added to this computer's desk key (issue 22, decision 0036): where the keychain
 * cannot be reached, as by the command-line tools, the store then opens with it (DESK_PASSPHRASE).
 * The keychain or key file still opens the key as before. Nothing is kept of what was typed.
 */
export function PassphraseForm() {
  const { t } = useTranslation();
  const [state, setState] = useState<SaveState>({ kind: 'ready' });
  const form = useForm<{ passphrase: string; again: string }>({ resolver: zodResolver(newPassphraseForm), defaultValues: { passphrase: '', again: '' } });
  // Reached by Tab like every other control (Mantine leaves the toggle out of the tab order), and named in the user's language.
  const toggle = { tabIndex: 0, 'aria-label': t('settings.passphrase.show') };
  const problem = (field: 'passphrase' | 'again') => {
    const key = form.formState.errors[field]?.message;
    return key === undefined ? undefined : t(key, passphraseLength);
  };

  return (
    <SettingsPanel title={t('settings.passphrase.title')} hint={t('settings.passphrase.hint')}>
      <form
        noValidate
        onSubmit={form.handleSubmit(async (values) => {
          setState({ kind: 'saving' });
          const answer = await window.desk.invoke('app.setPassphrase', { passphrase: values.passphrase });
          if (!answer.ok) return setState({ kind: 'failed', message: answer.error.message });
          if (answer.value.status === 'refused') return setState({ kind: 'failed', message: answer.value.message });
          form.reset({ passphrase: '', again: '' });
          setState({ kind: 'saved' });
        })}
      >
        <Stack gap="xs" maw={360}>
          <PasswordInput
            label={t('settings.passphrase.label')}
            description={t('settings.passphrase.description', passphraseLength)}
            autoComplete="new-password"
            visibilityToggleButtonProps={toggle}
            error={problem('passphrase')}
            {...form.register('passphrase', { onChange: () => setState({ kind: 'ready' }) })}
          />
          <PasswordInput
            label={t('settings.passphrase.again')}
            autoComplete="new-password"
            visibilityToggleButtonProps={toggle}
            error={problem('again')}
            {...form.register('again')}
          />
        </Stack>
        <SaveFooter
          state={state}
          failedTitle={t('settings.passphrase.failed')}
          savedText={t('settings.passphrase.saved')}
          saveLabel={t('settings.passphrase.save')}
          disabled={!form.formState.isDirty}
        />
      </form>
    </SettingsPanel>
  );
}
