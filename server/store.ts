import { hash } from 'node:crypto';
import { auditHashInput } from '../shared/audit/canonical-json';
import type { AuditEntry, Dispute } from '../shared/domain/model';
import type { MutationOutcome } from '../shared/sync/protocol';
import type { Queryable } from './db/database';
import { pokeChannel } from './pokes';

/**
 * Takes the next value of the change counter; its row lock orders writers until commit. Every
 * statement that moves the counter also notifies the poke channel, which the database delivers to
 * every listening instance when (and only if) the transaction commits (pokes.ts).
 */
export async function nextVersion(tx: Queryable, count = 1): Promise<number> {
  const [row] = await tx.query<{ change_counter: number }>(
    'UPDATE server_state SET change_counter = change_counter + $1 RETURNING change_counter, pg_notify($2, change_counter::text)',
    [count, pokeChannel],
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
 * Reads and locks several disputes, in id order: two transactions that lock several take them in
 * the same order, and both take them before the counter, as a writer of one dispute does, so
 * none waits on another in a circle. Disputes that do not exist are absent from the map.
 */
export async function lockDisputes(tx: Queryable, ids: readonly string[]): Promise<Map<string, Dispute>> {
  const rows = await tx.query<{ doc: Dispute }>('SELECT doc FROM disputes WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [[...new Set(ids)]]);
  return new Map(rows.map((row) => [row.doc.id, row.doc]));
}

/**
 * Writes a changed dispute under a new version. Adding evidence also moves `evidenceVersion`,
 * which is what refuses a ruling made without having seen it.
 */
export async function writeDispute(tx: Queryable, next: Dispute, previous: Dispute | undefined, now: string, counters?: HeldCounters): Promise<Dispute> {
  const version = counters === undefined ? await nextVersion(tx) : await counters.nextVersion();
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

type AuditDraft = { at: string; actor: string; action: string; disputeId?: string; payload: Record<string, unknown> };
type AuditHead = { seq: number; hash: string | null };

/** The chain's last entry, locked: concurrent appends take turns, so the chain never forks. */
async function lockAuditHead(tx: Queryable): Promise<AuditHead> {
  const [last] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1 FOR UPDATE');
  return { seq: Number(last?.seq ?? 0), hash: last?.hash ?? null };
}

/** `entry` as the link after `head`: numbered and hashed onto it. */
function chained(head: AuditHead, entry: AuditDraft): AuditEntry {
  const draft = { ...entry, seq: head.seq + 1, prevHash: head.hash };
  return { ...draft, hash: hash('sha256', auditHashInput(draft)) };
}

/** Inserts chained entries, several hundred per statement; the caller holds the head's lock. */
async function insertAudit(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  const rowsPerInsert = 500;
  for (let start = 0; start < entries.length; start += rowsPerInsert) {
    const values: unknown[] = [];
    const placeholders: string[] = [];
    for (const entry of entries.slice(start, start + rowsPerInsert)) {
      const at = values.length;
      placeholders.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}, $${at + 8})`);
      values.push(entry.seq, entry.at, entry.actor, entry.action, entry.disputeId ?? null, JSON.stringify(entry.payload), entry.prevHash, entry.hash);
    }
    await tx.query(`INSERT INTO audit_log (seq, at, actor, action, dispute_id, payload, prev_hash, hash) VALUES ${placeholders.join(', ')}`, values);
  }
}

/** Appends one entry to the hash-chained audit log, in the caller's transaction. */
export async function appendAudit(tx: Queryable, entry: AuditDraft): Promise<AuditEntry> {
  const appended = chained(await lockAuditHead(tx), entry);
  await insertAudit(tx, [appended]);
  return appended;
}

/**
 * Appends many entries in one go, chained exactly as `appendAudit` chains them. For seeding a
 * workspace's history and for benchmarks, where one statement per entry would take minutes.
 */
export async function appendAuditBatch(tx: Queryable, entries: readonly AuditDraft[]): Promise<void> {
  let head = await lockAuditHead(tx);
  const appended = entries.map((entry) => (head = chained(head, entry)));
  await insertAudit(tx, appended);
}

/**
 * The change counter and the audit chain's head, held by one transaction that writes many times
 * (a push of many changes). The first use of each locks its row as `nextVersion` and
 * `appendAudit` do; later ones go on from what this transaction knows, since nobody else can
 * move either until it ends, and the audit entries are inserted together at the end. A push's
 * round trips to the database were most of its cost (issue 20). An entry appended before any
 * write (a refusal) takes the counter's lock first, so the counter is always locked before the
 * audit head, by every writer. Only `holdingCounters` makes one, so the counter and the entries
 * are always written before the transaction commits.
 */
class HeldCounters {
  #version: number | undefined;
  #stored: number | undefined;
  #auditHead: AuditHead | undefined;
  #unwritten: AuditEntry[] = [];

  constructor(private readonly tx: Queryable) {}

  async nextVersion(): Promise<number> {
    if (this.#version === undefined) {
      this.#version = await nextVersion(this.tx);
      this.#stored = this.#version;
      return this.#version;
    }
    this.#version += 1;
    return this.#version;
  }

  async appendAudit(entry: AuditDraft): Promise<AuditEntry> {
    if (this.#auditHead === undefined) {
      // The counter's lock first, as every writer takes it before the audit head: a refusal
      // appended before any write would otherwise hold the head while waiting for the counter.
      if (this.#version === undefined) {
        const [row] = await this.tx.query<{ change_counter: number }>('SELECT change_counter FROM server_state FOR UPDATE');
        this.#version = this.#stored = row!.change_counter;
      }
      this.#auditHead = await lockAuditHead(this.tx);
    }
    const appended = chained(this.#auditHead, entry);
    this.#auditHead = appended;
    this.#unwritten.push(appended);
    return appended;
  }

  async writeBack(): Promise<void> {
    if (this.#version !== this.#stored) {
      await this.tx.query('UPDATE server_state SET change_counter = $1 RETURNING pg_notify($2, change_counter::text)', [this.#version, pokeChannel]);
    }
    this.#stored = this.#version;
    await insertAudit(this.tx, this.#unwritten.splice(0));
  }
}

export type { HeldCounters };

/** Runs `work` with counters held in `tx`, and writes them back when it is done. */
export async function holdingCounters<T>(tx: Queryable, work: (counters: HeldCounters) => Promise<T>): Promise<T> {
  const counters = new HeldCounters(tx);
  const result = await work(counters);
  await counters.writeBack();
  return result;
}

/**
 * Records what became of a client's mutations, in order, and moves its last mutation id to the
 * last of them: one statement for all (issue 20).
 */
export async function recordOutcomes(tx: Queryable, clientId: string, outcomes: readonly MutationOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values: unknown[] = [clientId, outcomes[outcomes.length - 1]!.mutationId];
  const rows = outcomes.map((outcome) => {
    values.push(outcome.mutationId, JSON.stringify(outcome));
    return `($1, $${values.length - 1}, $${values.length})`;
  });
  await tx.query(
    `WITH kept AS (INSERT INTO mutation_outcomes (client_id, mutation_id, outcome) VALUES ${rows.join(', ')})
     UPDATE clients SET last_mutation_id = $2 WHERE client_id = $1`,
    values,
  );
}
