import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ServiceErrorCode, User } from '../shared/sync/protocol';
import {
  maxParts,
  partBytesFor,
  partCountFor,
  partLength,
  sha256FromContentDigest,
  type PartAnswer,
  type UploadAnswer,
  type UploadOpen,
  type UploadRequest,
  type UploadStored,
} from '../shared/sync/transfer-protocol';
import { createLogger } from '../shared/logger';
import { blobRecord, recordBlob } from './blobs';
import type { Queryable } from './db/database';
import { BodyTooLong, HashingStream } from './evidence-store/hashing';
import type { EvidenceStore, StagedUpload } from './evidence-store/store';

const log = createLogger('uploads');

/** An answer of the upload routes: a value, or a refusal with its stable code and a message to act on. */
export type UploadResult<T> = { ok: true; value: T } | { ok: false; code: ServiceErrorCode; message: string };

/** The multipart upload routes' logic (decision 0020); `server/app.ts` only maps HTTP to these. */
export interface UploadService {
  /** `POST /uploads`: the object is present already, or an open upload (a new one, or the caller's open one for the same file). */
  begin(user: User, request: UploadRequest): Promise<UploadResult<UploadAnswer>>;
  /** `GET /uploads/:id`: which parts the service holds. */
  state(user: User, uploadId: string): Promise<UploadResult<UploadOpen>>;
  /** `PUT /uploads/:id/parts/:n`: streams one part into the store while hashing it. */
  putPart(user: User, uploadId: string, part: string, headers: { contentLength?: string; contentDigest?: string }, body: Readable): Promise<UploadResult<PartAnswer>>;
  /** `POST /uploads/:id/complete`: assembles, checks the whole file's SHA-256, and makes it visible. */
  complete(user: User, uploadId: string): Promise<UploadResult<UploadStored>>;
  /** `DELETE /uploads/:id`: abandons the upload. */
  abandon(user: User, uploadId: string): Promise<UploadResult<null>>;
}

/** What the upload service is configured with. */
export interface UploadOptions {
  db: Queryable;
  store: EvidenceStore;
  now: () => Date;
  /** The largest file accepted; refused at `POST /uploads`, before any byte is sent. */
  maxUploadBytes: number;
  /** A smaller part size than `partBytesFor` would choose (tests); never so small that a file needs more than `maxParts`. */
  partBytes?: number;
}

type UploadRow = { id: string; owner: string; sha256: string; size: number; media_type: string; part_bytes: number; store_upload_id: string };

// Upload ids are UUIDs the service made: anything else (NUL bytes, huge strings) is unknown
// before it reaches the database.
const uploadIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function refuse<T>(code: ServiceErrorCode, message: string): UploadResult<T> {
  return { ok: false, code, message };
}

function staged(row: UploadRow): StagedUpload {
  return { id: row.id, sha256: row.sha256, size: row.size, partBytes: row.part_bytes, storeUploadId: row.store_upload_id };
}

function describeParts(parts: number[]): string {
  const shown = parts.slice(0, 10).join(', ');
  return parts.length > 10 ? `${shown} … (${parts.length} in all)` : shown;
}

/** The upload routes' logic over a database and a store. */
export function createUploadService(options: UploadOptions): UploadService {
  const { db, store, now } = options;
  /**
   * The whole-file hash of each upload whose parts arrived in order, through part `through`. It
   * lives in memory only: after a restart, or parts out of order, completing reads the assembled
   * object once instead.
   */
  const running = new Map<string, { hash: Hash; through: number }>();
  /** Parts (and completions, as part 0) being received now, so one is never written twice at once. */
  const busy = new Set<string>();

  const load = async (user: User, uploadId: string): Promise<UploadRow | undefined> => {
    if (!uploadIdPattern.test(uploadId)) return undefined;
    const [row] = await db.query<UploadRow>('SELECT * FROM uploads WHERE id = $1 AND owner = $2', [uploadId, user.id]);
    return row;
  };
  const unknown = <T>(uploadId: string): UploadResult<T> =>
    refuse('not_found', `No upload ${uploadId.slice(0, 40).replace(/[^\w-]/g, '?')} of yours is open here. Begin it again with POST /uploads.`);
  const openAnswer = async (row: UploadRow): Promise<UploadOpen> => {
    const parts = await db.query<{ part: number }>('SELECT part FROM upload_parts WHERE upload_id = $1 ORDER BY part', [row.id]);
    return {
      status: 'open',
      uploadId: row.id,
      sha256: row.sha256,
      size: row.size,
      partBytes: row.part_bytes,
      partCount: partCountFor(row.size, row.part_bytes),
      received: parts.map((part) => part.part),
    };
  };
  const discard = async (row: UploadRow) => {
    running.delete(row.id);
    await store.abortUpload(staged(row));
    await db.query('DELETE FROM uploads WHERE id = $1', [row.id]);
  };

  return {
    async begin(user, request) {
      if (request.size > options.maxUploadBytes) {
        return refuse(
          'payload_too_large',
          `This file has ${request.size} bytes; this service takes evidence files of at most ${options.maxUploadBytes} bytes. Send a link to the file instead, or ask the service's operator to raise --max-upload-bytes.`,
        );
      }
      const present = await blobRecord(db, request.sha256);
      // An archived file is not at hand for the checks: it goes up again and is working evidence once more.
      if (present && present.archivedAt === undefined) return { ok: true, value: { status: 'present', sha256: present.sha256, size: present.size } };
      const [open] = await db.query<UploadRow>('SELECT * FROM uploads WHERE owner = $1 AND sha256 = $2 AND size = $3 ORDER BY created_at LIMIT 1', [
        user.id,
        request.sha256,
        request.size,
      ]);
      if (open) return { ok: true, value: await openAnswer(open) };
      const partBytes = options.partBytes === undefined ? partBytesFor(request.size) : Math.max(options.partBytes, Math.ceil(request.size / maxParts));
      const id = randomUUID();
      const storeUploadId = await store.beginUpload({ id, sha256: request.sha256, size: request.size });
      const row: UploadRow = { id, owner: user.id, sha256: request.sha256, size: request.size, media_type: request.mediaType, part_bytes: partBytes, store_upload_id: storeUploadId };
      await db.query(
        'INSERT INTO uploads (id, owner, sha256, size, media_type, part_bytes, store_upload_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [id, user.id, request.sha256, request.size, request.mediaType, partBytes, storeUploadId, now().toISOString()],
      );
      log.info('upload begun', { uploadId: id, owner: user.id, size: request.size, partBytes });
      return { ok: true, value: await openAnswer(row) };
    },

    async state(user, uploadId) {
      const row = await load(user, uploadId);
      return row ? { ok: true, value: await openAnswer(row) } : unknown(uploadId);
    },

    async putPart(user, uploadId, partText, headers, body) {
      const row = await load(user, uploadId);
      if (!row) return unknown(uploadId);
      const partCount = partCountFor(row.size, row.part_bytes);
      const n = /^[1-9][0-9]{0,5}$/.test(partText) ? Number(partText) : 0;
      if (n < 1 || n > partCount) return refuse('bad_request', `This upload has parts 1 to ${partCount}; there is no part ${partText.slice(0, 20).replace(/[^\w-]/g, '?')}.`);
      const length = partLength(row.size, row.part_bytes, n);
      if (headers.contentLength === undefined || !/^[0-9]{1,16}$/.test(headers.contentLength) || Number(headers.contentLength) !== length) {
        return refuse('bad_request', `Part ${n} is exactly ${length} bytes; send it with Content-Length: ${length}.`);
      }
      const claimed = sha256FromContentDigest(headers.contentDigest);
      if (claimed === undefined) {
        return refuse('bad_request', 'Send each part with its SHA-256 in a Content-Digest header: `Content-Digest: sha-256=:<base64 of the digest>:`.');
      }
      const key = `${row.id}:${n}`;
      if (busy.has(key)) return refuse('bad_request', `Part ${n} of this upload is being received already; wait for that answer.`);
      busy.add(key);
      try {
        const before = running.get(row.id) ?? (n === 1 ? { hash: createHash('sha256'), through: 0 } : undefined);
        const inOrder = before !== undefined && before.through === n - 1;
        const next = inOrder ? before.hash.copy() : undefined;
        const hasher = new HashingStream(length, { extra: next });
        body.on('error', (error) => hasher.destroy(error));
        // The store may await something before it reads: a refusal meanwhile reaches it as the stream's error.
        hasher.on('error', () => undefined);
        let etag: string;
        try {
          ({ etag } = await store.putPart(staged(row), n, body.pipe(hasher), length));
        } catch (error) {
          if (error instanceof BodyTooLong) return refuse('bad_request', `Part ${n} carried more than the ${length} bytes it declared. Send it again.`);
          if (hasher.bytes < length || hasher.destroyed) return refuse('bad_request', `Part ${n} was cut short after ${hasher.bytes} of ${length} bytes. Send it again.`);
          throw error;
        }
        if (hasher.bytes !== length) return refuse('bad_request', `Part ${n} was cut short after ${hasher.bytes} of ${length} bytes. Send it again.`);
        const actual = hasher.hash.digest('hex');
        if (actual !== claimed) {
          return refuse('part_mismatch', `Part ${n}'s bytes hash to ${actual}, not to the Content-Digest sent with them: the part was not kept. Send it again.`);
        }
        const [previous] = await db.query<{ sha256: string }>('SELECT sha256 FROM upload_parts WHERE upload_id = $1 AND part = $2', [row.id, n]);
        await db.query(
          `INSERT INTO upload_parts (upload_id, part, size, sha256, etag) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (upload_id, part) DO UPDATE SET size = $3, sha256 = $4, etag = $5`,
          [row.id, n, length, actual, etag],
        );
        const current = running.get(row.id);
        if (next && (current ?? before)?.through === n - 1) running.set(row.id, { hash: next, through: n });
        else if (previous && previous.sha256 !== actual) running.delete(row.id);
        return { ok: true, value: { part: n, size: length } };
      } finally {
        busy.delete(key);
      }
    },

    async complete(user, uploadId) {
      const row = await load(user, uploadId);
      if (!row) return unknown(uploadId);
      const key = `${row.id}:0`;
      if (busy.has(key)) return refuse('bad_request', 'This upload is being completed already; wait for that answer.');
      busy.add(key);
      try {
        const partCount = partCountFor(row.size, row.part_bytes);
        const parts = await db.query<{ part: number; etag: string }>('SELECT part, etag FROM upload_parts WHERE upload_id = $1 ORDER BY part', [row.id]);
        const have = new Set(parts.map((part) => part.part));
        const missing = Array.from({ length: partCount }, (_, index) => index + 1).filter((n) => !have.has(n));
        if (missing.length > 0) return refuse('upload_incomplete', `Parts ${describeParts(missing)} have not arrived. Send them, then complete the upload again.`);
        const hashed = running.get(row.id);
        const known = hashed?.through === partCount ? hashed.hash.digest('hex') : undefined;
        running.delete(row.id);
        const result = await store.completeUpload(
          staged(row),
          parts.map((part) => ({ n: part.part, etag: part.etag })),
          known,
        );
        if (!result.ok) {
          await discard(row);
          log.warn('upload refused: the whole file does not hash to its digest', { uploadId: row.id, actual: result.actual });
          return refuse(
            'hash_mismatch',
            `The parts put together hash to ${result.actual}, not ${row.sha256}: the file changed while it was sent. Nothing was kept; begin the upload again.`,
          );
        }
        await recordBlob(db, { sha256: row.sha256, size: row.size, mediaType: row.media_type, uploader: row.owner, createdAt: now().toISOString(), storageKey: store.keyOf(row.sha256) });
        await db.query('DELETE FROM uploads WHERE id = $1', [row.id]);
        log.info('upload stored', { uploadId: row.id, sha256: row.sha256, size: row.size, rehashed: known === undefined });
        return { ok: true, value: { status: 'stored', sha256: row.sha256, size: row.size } };
      } finally {
        busy.delete(key);
      }
    },

    async abandon(user, uploadId) {
      const row = await load(user, uploadId);
      if (!row) return unknown(uploadId);
      await discard(row);
      return { ok: true, value: null };
    },
  };
}
