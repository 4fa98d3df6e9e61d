import { NumberInput, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { retentionDaysSchema } from '../../../shared/domain/retention';
import { useDeskData } from '../../data/DeskDataProvider';
import { saveTeamSettings, useTeamSettings } from '../../data/team-settings';
import { SaveFooter, type SaveState } from './SaveFooter';
import { SettingsPanel } from './SettingsPanel';

const browserFetch: typeof fetch = (input, init) => fetch(input, init);

/**
 * How long this computer keeps a dispute after it closed (issue 22): said to everyone, set by team
 * leads for the whole team on the case service, which keeps the record whatever it says.
 */
export function RetentionPanel(props: { fetchImpl?: typeof fetch }) {
  const { t } = useTranslation();
  const { db, session, syncNow } = useDeskData();
  const { retentionDays } = useTeamSettings(db);
  const [typed, setTyped] = useState<number | string>('');
  const [state, setState] = useState<SaveState>({ kind: 'ready' });
  if (!session) return null;
  const lead = session.user.role === 'team_lead';
  const value = typeof typed === 'number' ? typed : Number.NaN;
  const valid = retentionDaysSchema.safeParse(value).success;
  return (
    <SettingsPanel title={t('settings.retention.title')} hint={t('settings.retention.hint')}>
      <Text data-testid="retention-days">{t('settings.retention.now', { count: retentionDays })}</Text>
      {lead && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            setState({ kind: 'saving' });
            void saveTeamSettings(db, session, { retentionDays: value }, props.fetchImpl ?? browserFetch).then((saved) => {
              if (!saved.ok) return setState({ kind: 'failed', message: saved.failure.message });
              setState({ kind: 'saved' });
              setTyped('');
              // Every desk applies it at its next sync; this one at once.
              void syncNow();
            });
          }}
        >
          <NumberInput
            mt="sm"
            label={t('settings.retention.label')}
            description={t('settings.retention.description')}
            placeholder={String(retentionDays)}
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={typed}
            onChange={(next) => {
              setTyped(next);
              setState({ kind: 'ready' });
            }}
            error={!valid && typed !== '' ? t('settings.retention.outOfRange') : undefined}
            maw={280}
          />
          <SaveFooter
            state={state}
            failedTitle={t('settings.retention.saveFailed')}
            savedText={t('settings.retention.saved', { count: retentionDays })}
            saveLabel={t('settings.retention.save')}
            disabled={!valid || value === retentionDays}
          />
        </form>
      )}
    </SettingsPanel>
  );
}
