import { createLogger } from '../../shared/logger';
import type { Queryable } from '../db/database';
import { streamOf } from '../blobs';
import type { EvidenceStore } from './store';

const log = createLogger('evidence-move-out');

/** What a move-out did: rows moved, rows whose bytes do not hash to their digest (left as they are). */
export interface MoveOutResult {
  moved: number;
  corrupt: string[];
}

/**
 * Moves evidence bytes still held in the database (services before decision 0020) into the store,
 * `batchSize` rows' digests at a time and one row's bytes in memory at a time. Each row's bytes
 * are hashed as the store writes them and its `data` is cleared only when they hash to its
 * digest, in the same statement that records the storage key; so a move cut short anywhere
 * resumes at the next start with the rows not yet recorded, and loses nothing. `afterEach` is a
 * test's hook to cut a move short.
 */
export async function moveBlobsOut(
  db: Queryable,
  store: EvidenceStore,
  options: { batchSize?: number; now?: () => Date; afterEach?: (sha256: string) => Promise<void> } = {},
): Promise<MoveOutResult> {
  const batchSize = options.batchSize ?? 50;
  const now = options.now ?? (() => new Date());
  const result: MoveOutResult = { moved: 0, corrupt: [] };
  let after = '';
  for (;;) {
    const batch = await db.query<{ sha256: string }>('SELECT sha256 FROM blobs WHERE storage_key IS NULL AND sha256 > $1 ORDER BY sha256 LIMIT $2', [after, batchSize]);
    if (batch.length === 0) break;
    for (const { sha256 } of batch) {
      after = sha256;
      const [row] = await db.query<{ data: Uint8Array | null }>('SELECT data FROM blobs WHERE sha256 = $1', [sha256]);
      if (!row?.data) continue;
      const stored = await store.put(sha256, streamOf(row.data));
      if (!stored.ok) {
        log.error('an evidence file in the database does not hash to its digest: left in the database', { sha256, actual: stored.actual });
        result.corrupt.push(sha256);
        continue;
      }
      await db.query('UPDATE blobs SET storage_key = $2, data = NULL, created_at = coalesce(created_at, $3) WHERE sha256 = $1', [
        sha256,
        store.keyOf(sha256),
        now().toISOString(),
      ]);
      result.moved += 1;
      await options.afterEach?.(sha256);
    }
    log.info('moved evidence files out of the database', { moved: result.moved });
  }
  return result;
}
