import { createLogger } from '../../shared/logger';
import type { Queryable } from '../db/database';
import type { ArchiveTarget, EvidenceStore } from './store';

const log = createLogger('evidence-archive');

/** What an archive run did. */
export interface ArchiveResult {
  archived: { sha256: string; location: string }[];
  /** Files that could not be moved, with why; they stay in the working store. */
  failed: { sha256: string; reason: string }[];
}

/**
 * The evidence files every citing dispute of which closed before `closedBefore`: a file that an
 * open dispute, or one closed since, also cites is never among them. Files cited by no dispute
 * are left alone (an upload whose `evidence.add` is still to come).
 */
export async function archivableEvidence(db: Queryable, closedBefore: Date): Promise<{ sha256: string; size: number }[]> {
  return db.query<{ sha256: string; size: number }>(
    `WITH cited AS (
       SELECT item->>'sha256' AS sha256, d.doc->>'closedAt' AS closed_at
       FROM disputes d, jsonb_array_elements(d.doc->'evidence') AS item
       WHERE item->>'sha256' IS NOT NULL
     )
     SELECT b.sha256, b.size FROM blobs b JOIN cited c ON c.sha256 = b.sha256
     WHERE b.storage_key IS NOT NULL AND b.archived_at IS NULL
     GROUP BY b.sha256, b.size
     HAVING bool_and(c.closed_at IS NOT NULL AND c.closed_at < $1)
     ORDER BY b.sha256`,
    [closedBefore.toISOString()],
  );
}

/**
 * Moves the evidence of disputes closed more than `closedForDays` days ago out of the working
 * store to `target`, recording in `blobs` when and where each went. One file at a time: a run
 * cut short leaves every file either archived and recorded, or where it was (re-running moves
 * the rest).
 */
export async function archiveEvidence(
  db: Queryable,
  store: EvidenceStore,
  options: { closedForDays: number; target: ArchiveTarget; now: Date },
): Promise<ArchiveResult> {
  const closedBefore = new Date(options.now.getTime() - options.closedForDays * 24 * 60 * 60 * 1000);
  const result: ArchiveResult = { archived: [], failed: [] };
  for (const { sha256 } of await archivableEvidence(db, closedBefore)) {
    try {
      const location = await store.archive(sha256, options.target);
      await db.query('UPDATE blobs SET archived_at = $2, archive_location = $3 WHERE sha256 = $1', [sha256, options.now.toISOString(), location]);
      result.archived.push({ sha256, location });
    } catch (error) {
      log.error('could not archive an evidence file; it stays in the working store', { sha256, error: String(error) });
      result.failed.push({ sha256, reason: (error as Error).message });
    }
  }
  log.info('archived evidence of closed disputes', { archived: result.archived.length, failed: result.failed.length, closedBefore: closedBefore.toISOString() });
  return result;
}
