import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from './audit-records';
import type { TeamRecord } from './db';
import { useOptionalDeskData } from './DeskDataProvider';

/** The team as last listed by the service, and a name for every id. */
export function useTeam(): { members: TeamMember[]; names: ReadonlyMap<string, string> } {
  const db = useOptionalDeskData()?.db;
  const record = useLiveQuery(async () => (db === undefined ? undefined : ((await db.meta.get('team')) as TeamRecord | undefined)), [db]);
  return useMemo(() => {
    const members = record?.members ?? [];
    return { members, names: new Map(members.map((member) => [member.id, member.name])) };
  }, [record]);
}

/**
 * A person's name from their id, as every screen shows people: the signed-in user's own name, a
 * colleague's name from the team list, or "a former colleague" for an id the team no longer lists
 * (never the id itself).
 */
export function usePersonName(): (userId: string | undefined) => string {
  const session = useOptionalDeskData()?.session;
  const { names } = useTeam();
  const { t } = useTranslation();
  return useCallback(
    (userId) => {
      if (userId === undefined) return t('people.unknown');
      if (session && userId === session.user.id) return session.user.name;
      return names.get(userId) ?? t('people.unknown');
    },
    [names, session, t],
  );
}
