import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../shared/logger';
import type { StoreHealth } from '../shared/sync/transfer-protocol';
import type { Queryable } from './db/database';
import { BodyTooLong, HashingStream } from './evidence-store/hashing';
import { StoreUnavailable, type EvidenceStore } from './evidence-store/store';

const log = createLogger('blobs');

/** How many first bytes `describeBlob` reads: enough to sniff any format we accept. */
export const describedHeadBytes = 64 * 1024;

/** An evidence file the service holds, as `blobs` describes it. */
export interface BlobRecord {
  sha256: string;
  size: number;
  mediaType: string;
  /** When it was moved out of the working store by `archive`, if it was. */
  archivedAt?: string;
}

/** Why a blob upload was refused. */
export type BlobRefusal = { code: 'payload_too_large' | 'hash_mismatch'; message: string };

/** The evidence file `sha256`, when the store holds it (archived files included, marked so). */
export async function blobRecord(db: Queryable, sha256: string): Promise<BlobRecord | undefined> {
  const [row] = await db.query<{ size: number; media_type: string; archived_at: string | null }>(
    'SELECT size, media_type, archived_at FROM blobs WHERE sha256 = $1 AND storage_key IS NOT NULL',
    [sha256],
  );
  return row && { sha256, size: row.size, mediaType: row.media_type, ...(row.archived_at && { archivedAt: row.archived_at }) };
}

/**
 * Records an object the store now holds, checked against its digest; an existing row is kept,
 * unless its bytes were archived: then the file is working evidence again (a closed case's file
 * brought into an open one later).
 */
export async function recordBlob(
  db: Queryable,
  blob: { sha256: string; size: number; mediaType: string; uploader: string | null; createdAt: string; storageKey: string },
): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO blobs (sha256, size, media_type, uploader, created_at, storage_key) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (sha256) DO UPDATE SET storage_key = EXCLUDED.storage_key, data = NULL, archived_at = NULL, archive_location = NULL
       WHERE blobs.storage_key IS NULL OR blobs.archived_at IS NOT NULL
     RETURNING sha256`,
    [blob.sha256, blob.size, blob.mediaType, blob.uploader, blob.createdAt, blob.storageKey],
  );
  return inserted.length > 0;
}

/**
 * Stores a small file sent whole (`PUT /blobs/<sha256>`, demo seeding): streamed into the store,
 * hashed on the way, at most `maxBytes`, kept only under its true digest. Larger files go up in
 * parts (server/uploads.ts).
 */
export async function storeBlob(
  db: Queryable,
  store: EvidenceStore,
  blob: { sha256: string; mediaType: string; uploader: string | null; now: string },
  body: Readable,
  maxBytes: number,
): Promise<{ ok: true; size: number; created: boolean } | { ok: false; refusal: BlobRefusal }> {
  let stored;
  const limited = new HashingStream(maxBytes, { hashing: false });
  // The store may await something before it reads: a refusal meanwhile is its, not unhandled.
  limited.on('error', () => undefined);
  body.on('error', (error) => limited.destroy(error));
  try {
    stored = await store.put(blob.sha256, body.pipe(limited));
  } catch (error) {
    if (!(error instanceof BodyTooLong)) throw error;
    body.destroy();
    return { ok: false, refusal: { code: 'payload_too_large', message: `A file sent whole may be at most ${maxBytes} bytes; send larger files in parts (POST /uploads).` } };
  }
  if (!stored.ok) {
    return {
      ok: false,
      refusal: { code: 'hash_mismatch', message: `The bytes sent hash to ${stored.actual}, not ${blob.sha256}: the file changed or was cut short. Send it again.` },
    };
  }
  const created = await recordBlob(db, { ...blob, size: stored.size, createdAt: blob.now, storageKey: store.keyOf(blob.sha256) });
  return { ok: true, size: stored.size, created };
}

/**
 * What the push code needs to check an evidence item against the bytes: the file's size, media
 * type and first 64 KiB, or undefined when the service does not hold it (yet).
 */
export async function describeBlob(
  db: Queryable,
  store: EvidenceStore,
  sha256: string,
): Promise<{ size: number; mediaType: string; head: Uint8Array } | undefined> {
  const blob = await blobRecord(db, sha256);
  if (!blob || blob.archivedAt) return undefined;
  if (blob.size === 0) return { size: 0, mediaType: blob.mediaType, head: new Uint8Array() };
  const chunks: Buffer[] = [];
  await pipeline(await store.read(sha256, { start: 0, end: Math.min(blob.size, describedHeadBytes) - 1 }), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return { size: blob.size, mediaType: blob.mediaType, head: new Uint8Array(Buffer.concat(chunks)) };
}

/** `describeBlob` bound to one database and store, in the shape the push code takes. */
export function blobDescriber(db: Queryable, store: EvidenceStore): (sha256: string) => ReturnType<typeof describeBlob> {
  return (sha256) => describeBlob(db, store, sha256);
}

/** How long `/health` waits for the store to answer before calling it unreachable. */
const probeTimeoutMs = 5_000;

/** The store's part of `/health`: whether it answers, and its objects and bytes as `blobs` counts them. */
export async function storeHealth(db: Queryable, store: EvidenceStore): Promise<StoreHealth> {
  const [live] = await db.query<{ objects: number; bytes: number }>(
    'SELECT count(*)::int AS objects, coalesce(sum(size), 0)::bigint AS bytes FROM blobs WHERE storage_key IS NOT NULL AND archived_at IS NULL',
  );
  const [archived] = await db.query<{ objects: number }>('SELECT count(*)::int AS objects FROM blobs WHERE archived_at IS NOT NULL');
  const counts = { objects: live!.objects, bytes: Number(live!.bytes), archivedObjects: archived!.objects };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.probe(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new StoreUnavailable(`The evidence store ${store.where} did not answer within ${probeTimeoutMs / 1000} s.`)), probeTimeoutMs);
      }),
    ]);
    return { kind: store.kind, status: 'ok', ...counts };
  } catch (error) {
    const reason = error instanceof StoreUnavailable ? error.message : `The evidence store ${store.where} failed: ${String(error)}`;
    log.warn('the evidence store does not answer', { reason });
    return { kind: store.kind, status: 'unreachable', reason: reason.slice(0, 2000), ...counts };
  } finally {
    clearTimeout(timer);
  }
}

/** A readable stream of a whole buffer, for callers that hold a small file in memory already. */
export function streamOf(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
}
