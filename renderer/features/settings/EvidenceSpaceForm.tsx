import { NumberInput, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { minEvidenceSpaceLimitBytes } from '../../../shared/contract/evidence-calls';
import { SaveFooter, type SaveState } from './SaveFooter';
import { SettingsPanel } from './SettingsPanel';

const gib = 1024 ** 3;

/**
 * How much evidence this computer may hold before background fetching stops. Files the user
 * brought in, and files opened on demand, are never held back or removed by it.
 */
export function EvidenceSpaceForm() {
  const { t } = useTranslation();
  const [limit, setLimit] = useState<number | string>('');
  const [saved, setSaved] = useState<number | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    void window.desk.invoke('settings.get', {}).then((answer) => {
      if (!current) return;
      if (!answer.ok) return setState({ kind: 'failed', message: answer.error.message });
      const gibs = Math.round(answer.value.evidenceSpaceLimitBytes / gib);
      setLimit(gibs);
      setSaved(gibs);
      setState({ kind: 'ready' });
    });
    return () => {
      current = false;
    };
  }, []);

  const value = typeof limit === 'number' ? limit : Number.NaN;
  const valid = Number.isInteger(value) && value * gib >= minEvidenceSpaceLimitBytes;

  return (
    <SettingsPanel title={t('settings.space.title')} hint={t('settings.space.hint')}>
      {state.kind === 'loading' && <Text c="dimmed">{t('settings.loading')}</Text>}
      {state.kind !== 'loading' && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            setState({ kind: 'saving' });
            void window.desk.invoke('settings.update', { evidenceSpaceLimitBytes: value * gib }).then((answer) => {
              if (!answer.ok) return setState({ kind: 'failed', message: answer.error.message });
              setSaved(Math.round(answer.value.evidenceSpaceLimitBytes / gib));
              setState({ kind: 'saved' });
            });
          }}
        >
          <NumberInput
            label={t('settings.space.label')}
            description={t('settings.space.description')}
            suffix=" GiB"
            min={minEvidenceSpaceLimitBytes / gib}
            allowDecimal={false}
            value={limit}
            onChange={(next) => {
              setLimit(next);
              setState({ kind: 'ready' });
            }}
            error={!valid && limit !== '' ? t('settings.space.tooSmall', { min: minEvidenceSpaceLimitBytes / gib }) : undefined}
            maw={280}
          />
          <SaveFooter
            state={state}
            failedTitle={t('settings.space.saveFailed')}
            savedText={t('settings.space.saved', { size: saved })}
            saveLabel={t('settings.space.save')}
            disabled={!valid || value === saved}
          />
        </form>
      )}
    </SettingsPanel>
  );
}
