import { useLiveQuery } from 'dexie-react-hooks';
import { defaultRetentionDays } from '../../shared/domain/retention';
import type { TeamSettings } from '../../shared/sync/protocol';
import type { DeskDatabase, TeamRecord } from './db';
import { changeTeamSettings, type ServiceResult } from './service-client';

/** The team's settings as this computer last heard them; the defaults until a service has said. */
export function useTeamSettings(db: DeskDatabase): TeamSettings {
  const team = useLiveQuery(async () => (await db.meta.get('team')) as TeamRecord | undefined, [db]);
  return team?.settings ?? { retentionDays: defaultRetentionDays };
}

/** Changes the team's settings on the case service and, once it agrees, keeps them here too. */
export async function saveTeamSettings(
  db: DeskDatabase,
  session: { serviceUrl: string; token: string },
  settings: TeamSettings,
  fetchImpl: typeof fetch,
): Promise<ServiceResult<TeamSettings>> {
  const saved = await changeTeamSettings(fetchImpl, session, settings);
  if (saved.ok) {
    await db.transaction('rw', db.meta, async () => {
      const team = (await db.meta.get('team')) as TeamRecord | undefined;
      await db.meta.put({ key: 'team', members: team?.members ?? [], settings: saved.value } satisfies TeamRecord);
    });
  }
  return saved;
}
