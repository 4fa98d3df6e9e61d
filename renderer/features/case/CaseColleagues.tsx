import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PersonOnCase } from '../../data/presence';
import { usePresenceWords } from '../../ui/presence-words';
import { useNow } from '../../ui/use-now';

/** "Mateo is writing a ruling · 2 min": the colleagues on this case now, under its facts. */
export function CaseColleagues(props: { people: readonly PersonOnCase[] }) {
  const { t } = useTranslation();
  const { sentence } = usePresenceWords();
  const now = useNow(30_000).getTime();
  if (props.people.length === 0) return null;
  return (
    <Group gap="md" aria-label={t('presence.caseLabel')} role="group" data-testid="case-presence">
      {props.people.map((person) => (
        <Text key={person.userId} size="sm" fw={600} c={person.activity === 'ruling' ? 'orange.9' : 'gray.8'}>
          {'● '}
          {sentence(person, now)}
        </Text>
      ))}
    </Group>
  );
}
