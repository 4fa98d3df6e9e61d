import type { AuditEntry } from '../shared/domain/model';
import { auditSchemaVersion, type AuditPage } from '../shared/sync/protocol';
import type { Queryable } from './db/database';

interface AuditRow {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  dispute_id: string | null;
  payload: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

/** The most entries one audit page carries. */
export const maxAuditPage = 5_000;

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.dispute_id === null ? {} : { disputeId: row.dispute_id }),
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * A page of the audit log after `after`, and the head at the moment it was read, in one
 * transaction so the two agree. Entries go out exactly as stored: the app verifies them.
 */
export async function readAuditPage(db: { transaction<T>(run: (tx: Queryable) => Promise<T>): Promise<T> }, after: number, limit: number): Promise<AuditPage> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, limit + 1]);
    const [head] = await tx.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return {
      schemaVersion: auditSchemaVersion,
      entries: rows.slice(0, limit).map(toEntry),
      head: head ? { seq: Number(head.seq), hash: head.hash } : null,
      more: rows.length > limit,
    };
  });
}
