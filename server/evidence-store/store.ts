import type { Readable } from 'node:stream';

/**
 * Where the case service keeps evidence bytes (decision 0020): a content-addressed folder or an
 * S3-compatible bucket. The database keeps only what describes each object (`blobs`); an object
 * becomes visible to desks when its row there names its storage key, never before.
 */
export interface EvidenceStore {
  readonly kind: 'folder' | 's3';
  /** Where it is, in words for logs and for `/health` reasons (a folder path, or bucket and prefix). */
  readonly where: string;
  /** The storage key an object of this digest has, as recorded in `blobs.storage_key`. */
  keyOf(sha256: string): string;
  /** Answers when the store can be written, or throws a {@link StoreUnavailable} saying why not. */
  probe(): Promise<void>;
  /**
   * Stores a finished object from a stream, hashing it as it goes: only bytes that hash to
   * `sha256` are kept. When the store already holds the digest the body is read and checked but
   * nothing is written again.
   */
  put(sha256: string, body: Readable): Promise<PutResult>;
  /** The object's bytes from `start` to `end` inclusive (the whole object without a range), streamed. */
  read(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  /** The object's size, or undefined when the store does not hold it. */
  head(sha256: string): Promise<{ size: number } | undefined>;
  /** Whether the store holds the object. */
  has(sha256: string): Promise<boolean>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(sha256: string): Promise<void>;
  /** Opens a multipart upload of the object `sha256`; answers the store's id for it. */
  beginUpload(upload: { id: string; sha256: string; size: number }): Promise<string>;
  /**
   * Writes part `n` (from 1) of `length` bytes from `body`, as `putPart`'s caller streams it;
   * answers the store's tag for the part. The part is only recorded as received by the caller
   * once it checked the part's digest, so a part whose bytes were wrong is simply sent again.
   */
  putPart(upload: StagedUpload, n: number, body: Readable, length: number): Promise<{ etag: string }>;
  /** The parts the store itself holds for an open upload (S3 answers from ListParts). */
  listParts(upload: StagedUpload): Promise<{ n: number; size: number; etag: string }[]>;
  /**
   * Assembles the parts into the object and checks its SHA-256: `knownSha256` when the caller
   * hashed every part in order as it arrived, else by reading the assembled bytes once. Only an
   * object whose hash is `upload.sha256` is kept; otherwise nothing of the upload remains.
   */
  completeUpload(upload: StagedUpload, parts: { n: number; etag: string }[], knownSha256: string | undefined): Promise<PutResult>;
  /** Abandons an open upload and whatever of it the store holds. */
  abortUpload(upload: StagedUpload): Promise<void>;
  /** How many objects the store holds and their bytes, counted in the store itself. */
  stats(): Promise<{ objects: number; bytes: number }>;
  /** Moves the object out of the working store (see {@link ArchiveTarget}); answers where it went. */
  archive(sha256: string, target: ArchiveTarget): Promise<string>;
}

/** An open multipart upload as the store needs to know it. */
export interface StagedUpload {
  /** The service's upload id (a UUID). */
  id: string;
  sha256: string;
  size: number;
  partBytes: number;
  /** The store's own id for it (S3's UploadId; empty for the folder store). */
  storeUploadId: string;
}

/** What storing an object came to: kept, or refused because the bytes hash to `actual`. */
export type PutResult = { ok: true; size: number } | { ok: false; actual: string; size: number };

/** Where archived evidence goes: another folder, another S3 prefix, or an S3 storage class in place. */
export type ArchiveTarget = { kind: 'folder'; dir: string } | { kind: 'prefix'; prefix: string } | { kind: 'storage-class'; storageClass: string };

/** The store cannot be reached or refuses the service: the reason is for an operator to act on. */
export class StoreUnavailable extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'StoreUnavailable';
  }
}

/** The first byte offset of part `n` (from 1). */
export function partOffset(partBytes: number, n: number): number {
  return (n - 1) * partBytes;
}
