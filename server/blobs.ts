import { createHash } from 'node:crypto';
import type { Queryable } from './db/database';

/** Why a blob upload was refused. */
export type BlobRefusal = { code: 'payload_too_large' | 'hash_mismatch'; message: string };

/**
 * Reads an upload's bytes while hashing them, stopping as soon as it is over `maxBytes`, and
 * stores it only when its SHA-256 is the one it was uploaded under. Stored once per digest.
 */
export async function storeBlob(
  db: Queryable,
  sha256: string,
  mediaType: string,
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ ok: true; size: number; created: boolean } | { ok: false; refusal: BlobRefusal }> {
  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel();
      return { ok: false, refusal: { code: 'payload_too_large', message: `An evidence file may be at most ${maxBytes} bytes here; send a link to larger files.` } };
    }
    hash.update(read.value);
    chunks.push(read.value);
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    return {
      ok: false,
      refusal: { code: 'hash_mismatch', message: `The bytes sent hash to ${actual}, not ${sha256}: the file changed or was cut short. Send it again.` },
    };
  }
  const inserted = await db.query(
    'INSERT INTO blobs (sha256, size, media_type, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING RETURNING sha256',
    [sha256, size, mediaType, Buffer.concat(chunks)],
  );
  return { ok: true, size, created: inserted.length > 0 };
}

/** A blob's size and media type, without its bytes. */
export async function blobInfo(db: Queryable, sha256: string): Promise<{ size: number; mediaType: string } | undefined> {
  const [row] = await db.query<{ size: number; media_type: string }>('SELECT size, media_type FROM blobs WHERE sha256 = $1', [sha256]);
  return row && { size: row.size, mediaType: row.media_type };
}

/** Reads `length` bytes of a blob from `start` (0-based) without loading the rest. */
export async function readBlobRange(db: Queryable, sha256: string, start: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const [row] = await db.query<{ part: Uint8Array<ArrayBuffer> }>('SELECT substring(data FROM $2 FOR $3) AS part FROM blobs WHERE sha256 = $1', [
    sha256,
    start + 1,
    length,
  ]);
  return row?.part ?? new Uint8Array();
}
