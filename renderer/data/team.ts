import type { DeskDatabase, TeamRecord } from './db';
import { fetchTeam } from './service-client';

/**
 * Stores the team as the service lists it, so every screen can show people by name. Every role
 * pulls it: a case manager reads "Mateo holds this case", not an id. A failure keeps the last list.
 */
export async function pullTeam(db: DeskDatabase, session: { serviceUrl: string; token: string }, fetchImpl: typeof fetch): Promise<void> {
  const team = await fetchTeam(fetchImpl, session);
  if (team.ok) await db.meta.put({ key: 'team', members: team.value.members, settings: team.value.settings } satisfies TeamRecord);
}
