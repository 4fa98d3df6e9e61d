import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InternalNote } from '../../../shared/domain/model';
import { CaseSection, WrittenText } from './parts';

/**
 * The team's internal notes not yet sent to the case service (the parties never see notes). Sent
 * notes are in the case timeline, by name and time; these have neither yet, so they wait here.
 */
export function UnsentNotes(props: { notes: readonly InternalNote[] | undefined }) {
  const { t } = useTranslation();
  const notes = (props.notes ?? []).filter((note) => note.at === undefined);
  if (notes.length === 0) return null;
  return (
    <CaseSection title={t('case.notes.title')}>
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {notes.map((note) => (
          <li key={note.id}>
            <Text size="xs" c="dimmed">
              {t('case.notes.notSent')}
            </Text>
            <WrittenText text={note.text} />
          </li>
        ))}
      </Stack>
    </CaseSection>
  );
}
