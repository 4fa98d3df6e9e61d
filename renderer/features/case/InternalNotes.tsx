import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InternalNote } from '../../../shared/domain/model';
import { CaseSection, Time, WrittenText } from './parts';

/** The team's internal notes on the case, oldest first; the parties never see them. */
export function InternalNotes(props: { notes: readonly InternalNote[] | undefined }) {
  const { t } = useTranslation();
  const notes = props.notes ?? [];
  return (
    <CaseSection title={t('case.notes.title')}>
      {notes.length === 0 ? (
        <Text c="dimmed">{t('case.notes.none')}</Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {notes.map((note) => (
            <li key={note.id}>
              <Text size="xs" c="dimmed">
                {note.by === undefined || note.at === undefined ? t('case.notes.notSent') : <>{note.by} · <Time iso={note.at} /></>}
              </Text>
              <WrittenText text={note.text} />
            </li>
          ))}
        </Stack>
      )}
    </CaseSection>
  );
}
