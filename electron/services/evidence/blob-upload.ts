import { createHash } from 'node:crypto';
import { createLogger } from '../../../shared/logger';
import {
  contentDigestHeader,
  partLength,
  partAnswerSchema,
  uploadAnswerSchema,
  uploadStoredSchema,
  type UploadOpen,
} from '../../../shared/sync/transfer-protocol';
import { SealedFileError } from '../at-rest/sealed-file';
import type { ObjectReader } from './object-reader';
import type { ObjectStore } from './object-store';
import { serviceCall, type ServiceCallResult, type TransferTarget } from './transfer-http';

const log = createLogger('blob-upload');

/** What became of sending an object to the case service. */
export type BlobUploadStatus = 'stored' | 'too_large' | 'missing' | 'corrupt' | 'unreachable' | 'unauthorized' | 'no_service';

/** The answer to one upload: its status, a sentence for the user, and how many bytes went over the wire. */
export interface BlobUploadResult {
  status: BlobUploadStatus;
  message: string;
  /** Bytes of the file sent in this call (parts the service already held are not sent again). */
  sentBytes: number;
}

/** Options for one upload. */
export interface UploadOptions {
  /** Told the bytes the service holds so far and the file's size, after each part. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

/** How often a part the service refused as not matching its digest is sent again before giving up for now. */
export const partResends = 3;

/**
 * Sends a stored object to the case service in parts (decision 0020): asks first (`present`:
 * nothing is sent), then sends only the parts the service does not hold, each read from the
 * store and hashed on its own, and completes. Nothing is kept on this computer between calls:
 * a repeated `POST /uploads` tells which parts arrived, so a dropped network, a closed desk or a
 * restarted service resumes where the service's record ends. `too_large`, `missing` and
 * `corrupt` are final (the evidence record syncs, the file stays here); `unreachable` means try
 * again later.
 */
export async function uploadBlob(
  store: ObjectStore,
  target: TransferTarget | null,
  sha256: string,
  mediaType: string,
  options: UploadOptions = {},
): Promise<BlobUploadResult> {
  const sent = { bytes: 0 };
  if (target === null) return { status: 'no_service', message: 'No case service is configured; the file stays on this computer.', sentBytes: 0 };
  const size = await objectSize(store, sha256);
  if (size === null) return { status: 'missing', message: `The file ${sha256.slice(0, 12)}… is not in this computer's evidence store.`, sentBytes: 0 };
  // Two rounds: the second after the service lost the upload (expired, or a part went missing).
  for (let round = 0; round < 2; round += 1) {
    const begun = await serviceCall(target, '/uploads', { method: 'POST', json: { sha256, size, mediaType }, signal: options.signal });
    if (!begun.ok) return finalOf(begun, sent.bytes);
    const answer = uploadAnswerSchema.safeParse(begun.body);
    if (!answer.success) return unexpected('POST /uploads', sent.bytes);
    if (answer.data.status === 'present') {
      options.onProgress?.(size, size);
      return { status: 'stored', message: 'The case service already has this file.', sentBytes: sent.bytes };
    }
    const outcome = await sendParts(store, target, answer.data, options, sent);
    if (outcome !== 'again') return outcome;
  }
  return { status: 'unreachable', message: 'The case service keeps losing this upload; it will be sent again on the next sync.', sentBytes: sent.bytes };
}

async function sendParts(
  store: ObjectStore,
  target: TransferTarget,
  upload: UploadOpen,
  options: UploadOptions,
  sent: { bytes: number },
): Promise<BlobUploadResult | 'again'> {
  const { uploadId, size, partBytes, partCount } = upload;
  const received = new Set(upload.received);
  let held = upload.received.reduce((total, n) => total + partLength(size, partBytes, n), 0);
  options.onProgress?.(held, size);
  const reader = await store.openObject(upload.sha256);
  if (!reader) return { status: 'missing', message: `The file ${upload.sha256.slice(0, 12)}… is not in this computer's evidence store.`, sentBytes: sent.bytes };
  try {
    const buffer = Buffer.allocUnsafe(partBytes);
    for (let n = 1; n <= partCount; n += 1) {
      if (received.has(n)) continue;
      const result = await sendPart(reader, buffer, target, upload, n, options.signal, sent);
      if (result !== 'sent') return result;
      held += partLength(size, partBytes, n);
      options.onProgress?.(held, size);
    }
  } catch (error) {
    if (error instanceof SealedFileError) return corrupt(upload.sha256, sent.bytes, error.message);
    throw error;
  } finally {
    await reader.close();
  }
  const completed = await serviceCall(target, `/uploads/${encodeURIComponent(uploadId)}/complete`, { method: 'POST', signal: options.signal });
  if (completed.ok) {
    if (!uploadStoredSchema.safeParse(completed.body).success) return unexpected('complete', sent.bytes);
    log.info('evidence file sent', { sha256: upload.sha256, size, sentBytes: sent.bytes });
    return { status: 'stored', message: 'Sent to the case service.', sentBytes: sent.bytes };
  }
  if (completed.code === 'upload_incomplete' || completed.status === 404) return 'again';
  if (completed.code === 'hash_mismatch') return reverify(store, upload.sha256, sent.bytes);
  return finalOf(completed, sent.bytes);
}

async function sendPart(
  reader: ObjectReader,
  buffer: Buffer,
  target: TransferTarget,
  upload: UploadOpen,
  n: number,
  signal: AbortSignal | undefined,
  sent: { bytes: number },
): Promise<'sent' | 'again' | BlobUploadResult> {
  const length = partLength(upload.size, upload.partBytes, n);
  for (let attempt = 0; attempt <= partResends; attempt += 1) {
    // Read again on every attempt: a part refused as not matching may have been read wrongly.
    const part = await readPart(reader, buffer, (n - 1) * upload.partBytes, length);
    const digest = createHash('sha256').update(part).digest('hex');
    sent.bytes += part.length;
    const put = await serviceCall(target, `/uploads/${encodeURIComponent(upload.uploadId)}/parts/${n}`, {
      method: 'PUT',
      body: part,
      headers: { 'content-digest': contentDigestHeader(digest), 'content-type': 'application/octet-stream' },
      signal,
    });
    if (put.ok) return partAnswerSchema.safeParse(put.body).success ? 'sent' : unexpected('PUT part', sent.bytes);
    if (put.code === 'part_mismatch') {
      log.warn('the case service refused a part as not matching its digest; sending it again', { sha256: upload.sha256, part: n, attempt });
      continue;
    }
    if (put.status === 404) return 'again';
    return finalOf(put, sent.bytes);
  }
  return {
    status: 'unreachable',
    message: `Part ${n} of the file kept arriving damaged at the case service; it will be sent again on the next sync.`,
    sentBytes: sent.bytes,
  };
}

async function readPart(reader: ObjectReader, buffer: Buffer, position: number, length: number): Promise<Buffer> {
  let done = 0;
  for await (const piece of reader.read(position, position + length - 1)) done += piece.copy(buffer, done);
  if (done < length) throw new Error(`the stored object ended at ${position + done} bytes, before the ${position + length} expected`);
  return buffer.subarray(0, length);
}

/** The stored object's content size, sealed or not, or null when it is not stored. */
async function objectSize(store: ObjectStore, sha256: string): Promise<number | null> {
  const reader = await store.openObject(sha256).catch((error: unknown) => {
    if (error instanceof SealedFileError) return null;
    throw error;
  });
  if (!reader) return null;
  await reader.close();
  return reader.size;
}

function corrupt(sha256: string, sentBytes: number, why: string): BlobUploadResult {
  log.error('a stored object no longer matches its digest', { sha256, why });
  return {
    status: 'corrupt',
    message: 'This evidence file is damaged on this computer (its contents changed since it was brought in), so it was not sent. Bring the original file in again.',
    sentBytes,
  };
}

/** The service's whole-file hash did not match: the local copy is checked, since the parts each matched on the way. */
async function reverify(store: ObjectStore, sha256: string, sentBytes: number): Promise<BlobUploadResult> {
  const actual = await store.hashObject(sha256).catch((error: unknown) => {
    if (error instanceof SealedFileError) return error.message;
    throw error;
  });
  if (actual !== sha256) return corrupt(sha256, sentBytes, `its content hashes to ${actual}`);
  return { status: 'unreachable', message: 'The case service could not confirm the file; it will be sent again on the next sync.', sentBytes };
}

function finalOf(failed: Extract<ServiceCallResult, { ok: false }>, sentBytes: number): BlobUploadResult {
  if (failed.status === 413 || failed.code === 'payload_too_large') {
    return { status: 'too_large', message: 'The case service does not take files this large; the file stays on this computer and the record syncs.', sentBytes };
  }
  if (failed.status === 401) return { status: 'unauthorized', message: 'Your session with the case service has ended; sign in again to send the file.', sentBytes };
  if (failed.status === null) return { status: 'unreachable', message: `The case service could not be reached (${failed.message}); the file will be sent on the next sync.`, sentBytes };
  return { status: 'unreachable', message: `The case service answered ${failed.status} (${failed.message}); the file will be sent on the next sync.`, sentBytes };
}

function unexpected(step: string, sentBytes: number): BlobUploadResult {
  log.error('the case service answered an upload step in an unexpected shape', { step });
  return { status: 'unreachable', message: 'The case service answered in a way this desk does not understand; the file will be sent on the next sync.', sentBytes };
}

