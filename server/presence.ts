import { createLogger } from '../shared/logger';
import type { User } from '../shared/sync/protocol';
import { presenceTiming, type PresenceActivity, type PresenceEntry, type PresenceReport } from '../shared/sync/presence';
import type { Database, Queryable } from './db/database';
import type { PokeHub } from './pokes';

// Presence on the service (issue 21, shared/sync/presence.ts): each desk window's last report is a
// row of `presence`, renewed by its heartbeat and lapsed `ttlMs` after the last. A report that
// changes who is on what notifies `presenceChannel`; every instance listening reads the rows once
// and sends them down each of its poke streams. Renewals change nothing anyone sees, so they notify
// nobody; instead each instance sends the rows again every heartbeat, which carries the renewed
// lapse times and lets lapsed reports vanish from desks.

const log = createLogger('presence');

/** The database channel a change of presence is notified on. */
export const presenceChannel = 'desk_presence';

/** Desk windows one person may report from at once (as many as poke streams they may hold). */
export const presenceDesksPerUser = 8;

/** The most rows sent to desks: a team far larger than any this service is for. */
const maxEntries = 2_000;

/** Why a report was refused, worded for the person whose desk sent it. */
export type PresenceRefusal = { code: 'not_found' | 'too_many_attempts'; message: string };

interface PresenceRow {
  user_id: string;
  desk_id: string;
  dispute_id: string;
  activity: PresenceActivity;
  since: string;
  seen_at: string;
}

/**
 * Records what `user`'s desk window is doing now, or that it is on no case. Refused for a dispute
 * the service does not have and beyond `presenceDesksPerUser` windows. Tells every instance when
 * who-is-on-what changed.
 */
export async function reportPresence(db: Database, user: User, report: PresenceReport, now: Date): Promise<{ ok: true } | ({ ok: false } & PresenceRefusal)> {
  const at = now.toISOString();
  const lapsedBefore = new Date(now.getTime() - presenceTiming.ttlMs).toISOString();
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM presence WHERE seen_at < $1', [lapsedBefore]);
    const [before] = await tx.query<PresenceRow>('SELECT * FROM presence WHERE user_id = $1 AND desk_id = $2', [user.id, report.deskId]);
    if (report.disputeId === null) {
      if (!before) return { ok: true };
      await tx.query('DELETE FROM presence WHERE user_id = $1 AND desk_id = $2', [user.id, report.deskId]);
      await changed(tx);
      return { ok: true };
    }
    const [dispute] = await tx.query<{ id: string }>('SELECT id FROM disputes WHERE id = $1', [report.disputeId]);
    if (!dispute) return { ok: false, code: 'not_found', message: 'There is no such dispute on the case service. Reload the dispute.' };
    if (!before) {
      const [{ count } = { count: 0 }] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM presence WHERE user_id = $1', [user.id]);
      if (count >= presenceDesksPerUser) {
        return { ok: false, code: 'too_many_attempts', message: `You have Dispute Desk open in ${presenceDesksPerUser} windows already; close one. Your work is not affected.` };
      }
    }
    const same = before !== undefined && before.dispute_id === report.disputeId && before.activity === report.activity;
    await tx.query(
      `INSERT INTO presence (user_id, desk_id, dispute_id, activity, since, seen_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (user_id, desk_id) DO UPDATE SET dispute_id = $3, activity = $4, since = $6, seen_at = $5`,
      [user.id, report.deskId, report.disputeId, report.activity, at, same ? before.since : at],
    );
    if (!same) await changed(tx);
    return { ok: true };
  });
}

/** Notifies every instance, at commit, that who-is-on-what changed. */
async function changed(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [presenceChannel, '']);
}

/** Everyone on a case now, as desks are sent it: the longest there first. */
export async function currentPresence(db: Queryable, now: Date): Promise<PresenceEntry[]> {
  const lapsedBefore = new Date(now.getTime() - presenceTiming.ttlMs).toISOString();
  const rows = await db.query<PresenceRow & { name: string; role: User['role'] }>(
    `SELECT p.*, u.name, u.role FROM presence p JOIN users u ON u.id = p.user_id
     WHERE p.seen_at >= $1 ORDER BY p.since, p.user_id, p.desk_id LIMIT ${maxEntries}`,
    [lapsedBefore],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    name: row.name,
    role: row.role,
    deskId: row.desk_id,
    disputeId: row.dispute_id,
    activity: row.activity,
    forMs: Math.max(0, now.getTime() - Date.parse(row.since)),
    expiresInMs: Math.max(0, Date.parse(row.seen_at) + presenceTiming.ttlMs - now.getTime()),
  }));
}

/**
 * Sends the team's presence down this instance's poke streams: soon after any instance notifies a
 * change, and again every heartbeat while anyone is on a case (or just left one). Starts listening
 * with the first stream; `close` stops it.
 */
export class PresenceRelay {
  #listening: Promise<() => Promise<void>> | undefined;
  #gathering: ReturnType<typeof setTimeout> | undefined;
  #refresh: ReturnType<typeof setInterval> | undefined;
  #lastWasEmpty = true;
  #closed = false;

  constructor(
    private readonly db: Database,
    private readonly hub: PokeHub,
    private readonly now: () => Date,
    private readonly timing: { gatherMs: number; refreshMs: number } = { gatherMs: 50, refreshMs: presenceTiming.heartbeatMs },
  ) {}

  /** Listens for changes of presence (once; again after a failure). */
  listen(): Promise<() => Promise<void>> {
    this.#refresh ??= setInterval(() => {
      if (this.hub.count() > 0) this.#send(false);
    }, this.timing.refreshMs);
    this.#refresh.unref?.();
    return (this.#listening ??= this.db.listen(presenceChannel, () => this.changed()).catch((error: unknown) => {
      this.#listening = undefined;
      throw error;
    }));
  }

  /** Who-is-on-what changed somewhere: every stream hears it soon, changes close together as one. */
  changed(): void {
    if (this.#gathering !== undefined || this.#closed) return;
    this.#gathering = setTimeout(() => {
      this.#gathering = undefined;
      this.#send(true);
    }, this.timing.gatherMs);
  }

  /** The team's presence now, for a stream that has just opened. */
  async current(): Promise<PresenceEntry[]> {
    return currentPresence(this.db, this.now());
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#gathering);
    clearInterval(this.#refresh);
    void this.#listening?.then((stop) => stop()).catch(() => undefined);
  }

  #send(changed: boolean): void {
    currentPresence(this.db, this.now()).then(
      (entries) => {
        // Nobody on a case before or now: nothing to tell.
        if (!changed && entries.length === 0 && this.#lastWasEmpty) return;
        this.#lastWasEmpty = entries.length === 0;
        if (!this.#closed) this.hub.broadcast('presence', { entries });
      },
      (error: unknown) => {
        // A read cut by the service stopping is not worth a warning.
        if (!this.#closed) log.warn('could not read presence; desks hear it at the next heartbeat', { error: String(error) });
      },
    );
  }
}
