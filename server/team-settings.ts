import { defaultRetentionDays } from '../shared/domain/retention';
import { createLogger } from '../shared/logger';
import type { TeamSettings, User } from '../shared/sync/protocol';
import type { Database, Queryable } from './db/database';
import { appendAudit } from './store';

const log = createLogger('team-settings');

/** The team's settings now (migration 005 writes the one row; its defaults stand until a team lead changes them). */
export async function readTeamSettings(db: Queryable): Promise<TeamSettings> {
  const [row] = await db.query<{ retention_days: number }>('SELECT retention_days FROM team_settings');
  return { retentionDays: row?.retention_days ?? defaultRetentionDays };
}

/**
 * Changes the team's settings, recorded in the audit log with what they were: a shorter retention
 * removes disputes from every desk at their next sync, so who shortened it, and when, is kept.
 */
export async function changeTeamSettings(db: Database, actor: User, next: TeamSettings, now: Date): Promise<TeamSettings> {
  return db.transaction(async (tx) => {
    const [previous] = await tx.query<{ retention_days: number }>('SELECT retention_days FROM team_settings FOR UPDATE');
    if (previous?.retention_days === next.retentionDays) return next;
    await tx.query(
      `INSERT INTO team_settings (id, retention_days, updated_at, updated_by) VALUES (true, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET retention_days = $1, updated_at = $2, updated_by = $3`,
      [next.retentionDays, now.toISOString(), actor.id],
    );
    await appendAudit(tx, {
      at: now.toISOString(),
      actor: actor.id,
      action: 'team.settings',
      payload: { retentionDays: next.retentionDays, previousRetentionDays: previous?.retention_days ?? defaultRetentionDays },
    });
    log.info('team settings changed', { by: actor.id, retentionDays: next.retentionDays, previous: previous?.retention_days ?? null });
    return next;
  });
}
