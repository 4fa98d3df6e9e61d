import type { User } from '../../shared/sync/protocol';
import { readSyncRecord, type DeskDatabase, type SessionRecord, type SyncRecord } from './db';
import { countPending } from './outbox';

/**
 * Changing who is signed in on this computer (decision 0011). The case service ties a client id to
 * the user who first pushed with it and refuses it to anyone else, so a new user gets a new client
 * id; changes still waiting belong to the user who made them, so no one else may sign in until they
 * are sent; and the audit log a team lead pulled is not left behind for the next user.
 */

/** Why someone may not sign in here yet: another user's changes wait to be sent. */
export interface WaitingForOwner {
  owner: User;
  pending: number;
}

/** What a change of user writes: the session and sync records, the outbox, and the audit copy. */
const changeOfUser = (db: DeskDatabase) => [db.meta, db.outbox, db.auditPages, db.decisions, db.auditMonths];

/** The tables that hold what only a team lead may read: the audit log, what is derived from it, the team. */
async function forgetAudit(db: DeskDatabase): Promise<void> {
  await Promise.all([db.auditPages.clear(), db.decisions.clear(), db.auditMonths.clear(), db.meta.bulkDelete(['audit', 'team'])]);
}

/**
 * Stores `record` as this computer's session, in one transaction with what a change of user needs:
 * a fresh client id (and an outbox emptied of the previous user's answered changes, whose ids the
 * new client will reuse), and the audit copy forgotten unless a team lead signs in. Refused, with
 * nothing written, while the previous user has changes waiting.
 */
export async function adoptSession(db: DeskDatabase, record: SessionRecord): Promise<{ ok: true } | ({ ok: false } & WaitingForOwner)> {
  return db.transaction('rw', changeOfUser(db), async () => {
    const sync = await readSyncRecord(db);
    const previous = (await db.meta.get('session')) as SessionRecord | undefined;
    // Records from before owners were kept: the client belongs to whoever was signed in.
    const owner = sync.owner ?? previous?.user;
    const changed = owner !== undefined && owner.id !== record.user.id;
    if (changed) {
      const pending = await countPending(db);
      if (pending > 0) return { ok: false as const, owner, pending };
      await db.outbox.clear();
    }
    if (record.user.role !== 'team_lead') await forgetAudit(db);
    const next: SyncRecord = changed
      ? { key: 'sync', clientId: `desk-${crypto.randomUUID()}`, cookie: sync.cookie, ackedMutationId: 0, lastSyncedAt: sync.lastSyncedAt, owner: record.user }
      : { ...sync, owner: record.user };
    await db.meta.bulkPut([next, record]);
    return { ok: true as const };
  });
}

/**
 * Signs this computer out: the session and the audit copy go, the queues and the client stay.
 * Refused while changes wait to be sent: signed out, no one but their author could send them.
 */
export async function signOutHere(db: DeskDatabase): Promise<{ ok: true } | { ok: false; pending: number }> {
  return db.transaction('rw', changeOfUser(db), async () => {
    const pending = await countPending(db);
    if (pending > 0) return { ok: false as const, pending };
    await forgetAudit(db);
    await db.meta.delete('session');
    return { ok: true as const };
  });
}

/**
 * Signs out here (see `signOutHere`) and then asks the case service to revoke the token, so a copy
 * of it is worth nothing. The local sign-out comes first and stands on its own: offline, or with a
 * service that does not answer, the token is simply left to expire (at most 12 hours). `revoked`
 * says whether the service confirmed.
 */
export async function signOutEverywhere(
  db: DeskDatabase,
  session: SessionRecord,
  revoke: (session: SessionRecord) => Promise<boolean>,
): Promise<{ ok: true; revoked: boolean } | { ok: false; pending: number }> {
  const done = await signOutHere(db);
  if (!done.ok) return done;
  return { ok: true, revoked: await revoke(session).catch(() => false) };
}

/** Everything this computer holds of one case service. */
const serviceCopy = (db: DeskDatabase) => [db.rowPages, db.disputes, db.searchPages, db.meta, db.outbox, db.auditPages, db.decisions, db.auditMonths];

/**
 * Forgets the case service this computer synced with, once the user has connected it to another:
 * another team's disputes must not mix with this one's. The session goes (the user is signed out),
 * the sync record too (its client id and cookie mean something only to that service), and with
 * them the queues, the outbox's history and the audit copy. Refused, with nothing removed, while
 * changes wait to be sent: they could reach their service from nowhere else.
 */
export async function forgetService(db: DeskDatabase): Promise<{ ok: true } | { ok: false; pending: number }> {
  return db.transaction('rw', serviceCopy(db), async () => {
    const pending = await countPending(db);
    if (pending > 0) return { ok: false as const, pending };
    await Promise.all(serviceCopy(db).map((table) => table.clear()));
    return { ok: true as const };
  });
}

/** Asks the host to remove every evidence file it holds: `busy` (with why) while files move, with nothing removed. */
export type EvidenceRemover = () => Promise<{ ok: true } | { ok: false; message: string }>;

/**
 * Removes this team's data from this computer, as a person signing out may ask (issue 22): every
 * evidence file the host holds, then everything this app keeps in IndexedDB — disputes, queues,
 * search texts, the outbox's history, drafts, saved views, samples, the audit copy, the session
 * and the sync record — and what it keeps in local storage but the language. Refused, with
 * nothing removed, while changes wait to be sent (as sign-out is) or while the host is still
 * bringing in or sending files.
 */
export async function removeTeamData(
  db: DeskDatabase,
  removeEvidence: EvidenceRemover,
  storage: Pick<Storage, 'length' | 'key' | 'removeItem'>,
  keepKeys: readonly string[],
): Promise<{ ok: true } | { ok: false; pending: number } | { ok: false; busy: string }> {
  const waiting = await countPending(db);
  if (waiting > 0) return { ok: false, pending: waiting };
  const evidence = await removeEvidence();
  if (!evidence.ok) return { ok: false, busy: evidence.message };
  const cleared = await db.transaction('rw', db.tables, async () => {
    const pending = await countPending(db);
    if (pending > 0) return { ok: false as const, pending };
    await Promise.all(db.tables.map((table) => table.clear()));
    return { ok: true as const };
  });
  if (!cleared.ok) return cleared;
  const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter((key): key is string => key !== null && !keepKeys.includes(key));
  for (const key of keys) storage.removeItem(key);
  return cleared;
}
