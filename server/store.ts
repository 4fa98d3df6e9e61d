import { createHash } from 'node:crypto';
import { auditHashInput } from '../shared/audit/canonical-json';
import type { AuditEntry, Dispute } from '../shared/domain/model';
import type { MutationOutcome } from '../shared/sync/protocol';
import type { Queryable } from './db/database';

/** Takes the next value of the change counter; its row lock orders writers until commit. */
export async function nextVersion(tx: Queryable, count = 1): Promise<number> {
  const [row] = await tx.query<{ change_counter: number }>(
    'UPDATE server_state SET change_counter = change_counter + $1 RETURNING change_counter',
    [count],
  );
  return row!.change_counter - count + 1;
}

/** The change counter now: the cookie of a pull that has seen everything. */
export async function currentVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ change_counter: number }>('SELECT change_counter FROM server_state');
  return row!.change_counter;
}

/** Reads one dispute; `forUpdate` locks it until the transaction ends, so rulings queue up. */
export async function readDispute(tx: Queryable, id: string, forUpdate = false): Promise<Dispute | undefined> {
  const [row] = await tx.query<{ doc: Dispute }>(`SELECT doc FROM disputes WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return row?.doc;
}

/**
 * Writes a changed dispute under a new version. Adding evidence also moves `evidenceVersion`,
 * which is what refuses a ruling made without having seen it.
 */
export async function writeDispute(tx: Queryable, next: Dispute, previous: Dispute | undefined, now: string): Promise<Dispute> {
  const version = await nextVersion(tx);
  const evidenceAdded = previous === undefined || next.evidence.length > previous.evidence.length;
  const stored: Dispute = {
    ...next,
    version,
    evidenceVersion: evidenceAdded ? version : next.evidenceVersion,
    updatedAt: now,
  };
  await tx.query(
    `INSERT INTO disputes (id, version, state, assignee, doc) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET version = $2, state = $3, assignee = $4, doc = $5`,
    [stored.id, version, stored.state, stored.assignee ?? null, JSON.stringify(stored)],
  );
  return stored;
}

/** Appends one entry to the hash-chained audit log, in the caller's transaction. */
export async function appendAudit(
  tx: Queryable,
  entry: { at: string; actor: string; action: string; disputeId?: string; payload: Record<string, unknown> },
): Promise<AuditEntry> {
  // Locking the last entry makes concurrent appends take turns, so the chain never forks.
  const [last] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 FOR UPDATE');
  const draft = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null };
  const hash = createHash('sha256').update(auditHashInput(draft)).digest('hex');
  await tx.query(
    'INSERT INTO audit_log (seq, at, actor, action, dispute_id, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [draft.seq, draft.at, draft.actor, draft.action, draft.disputeId ?? null, JSON.stringify(draft.payload), draft.prevHash, hash],
  );
  return { ...draft, hash };
}

/**
 * Appends many entries in one go, chained exactly as `appendAudit` chains them: the hashes are
 * computed here in order and the rows inserted several hundred per statement. For seeding a
 * workspace's history and for benchmarks, where one statement per entry would take minutes.
 */
export async function appendAuditBatch(
  tx: Queryable,
  entries: readonly { at: string; actor: string; action: string; disputeId?: string; payload: Record<string, unknown> }[],
): Promise<void> {
  const [last] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 FOR UPDATE');
  let seq = Number(last?.seq ?? 0);
  let prevHash = last?.hash ?? null;
  const rowsPerInsert = 500;
  for (let start = 0; start < entries.length; start += rowsPerInsert) {
    const values: unknown[] = [];
    const placeholders: string[] = [];
    for (const entry of entries.slice(start, start + rowsPerInsert)) {
      seq += 1;
      const draft = { ...entry, seq, prevHash };
      const hash = createHash('sha256').update(auditHashInput(draft)).digest('hex');
      const at = values.length;
      placeholders.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}, $${at + 8})`);
      values.push(seq, entry.at, entry.actor, entry.action, entry.disputeId ?? null, JSON.stringify(entry.payload), prevHash, hash);
      prevHash = hash;
    }
    await tx.query(`INSERT INTO audit_log (seq, at, actor, action, dispute_id, payload, prev_hash, hash) VALUES ${placeholders.join(', ')}`, values);
  }
}

/** Records what became of a client's mutation and moves its last mutation id. */
export async function recordOutcome(tx: Queryable, clientId: string, outcome: MutationOutcome): Promise<void> {
  // One statement for both: a pushed change's round trips are most of its cost (issue 20).
  await tx.query(
    `WITH kept AS (INSERT INTO mutation_outcomes (client_id, mutation_id, outcome) VALUES ($1, $2, $3))
     UPDATE clients SET last_mutation_id = $2 WHERE client_id = $1`,
    [clientId, outcome.mutationId, JSON.stringify(outcome)],
  );
}
