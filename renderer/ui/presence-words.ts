import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonOnCase } from '../data/presence';
import { formatElapsed } from './format';

/** Presence in words: "Mateo is writing a ruling · 2 min", and the short form a queue row has room for. */
export function usePresenceWords(): {
  sentence(person: PersonOnCase, now: number): string;
  short(people: readonly PersonOnCase[]): string;
} {
  const { t, i18n } = useTranslation();
  const sentence = useCallback(
    (person: PersonOnCase, now: number) => t(`presence.sentence.${person.activity}`, { name: person.name, elapsed: formatElapsed(now - person.since, i18n.language) }),
    [t, i18n.language],
  );
  const short = useCallback(
    (people: readonly PersonOnCase[]) => {
      const first = t(`presence.row.${people[0]!.activity}`, { name: people[0]!.name });
      return people.length === 1 ? first : t('presence.more', { first, count: people.length - 1 });
    },
    [t],
  );
  return { sentence, short };
}
