import { createHash, createHmac } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { isSealedFile, SealedFileError, SealedReader, type SealingKey } from '../at-rest/sealed-file';

/** What a store that seals its objects needs from the desk key (electron/services/at-rest/desk-key.ts). */
export interface StoreSealing {
  evidence: SealingKey;
  objectNames: Buffer;
}

/** The name an object's file has in a sealing store: keyed, so the name does not reveal a known file. */
export function sealedObjectName(sealing: StoreSealing, sha256: string): string {
  return createHmac('sha256', sealing.objectNames).update(sha256).digest('hex');
}

/** Pieces a plain object is read in. */
const plainPieceBytes = 1024 * 1024;

/**
 * An object's content, whether its file is sealed or (in a store not yet migrated) plain. A
 * sealed object's bytes have each passed their chunk's check; a failing chunk is a SealedFileError.
 */
export interface ObjectReader {
  /** The content's size. */
  readonly size: number;
  readonly sealed: boolean;
  /** The content from `start` to `end` inclusive, in pieces of at most 1 MiB. */
  read(start?: number, end?: number): AsyncGenerator<Buffer>;
  close(): Promise<void>;
}

/**
 * Reads the object file `file`. A sealed file needs `sealing` (refused as `other_key` without it);
 * a plain file is read as it is, so a store half-way through its migration serves every object.
 */
export async function openObjectReader(file: string | FileHandle, sealing: StoreSealing | undefined): Promise<ObjectReader> {
  const handle = typeof file === 'string' ? await open(file, 'r') : file;
  try {
    if (await isSealedFile(handle)) {
      if (!sealing) throw new SealedFileError('other_key', 'This evidence is sealed, and the desk key is not open.');
      const reader = await SealedReader.open(handle, sealing.evidence);
      return { size: reader.size, sealed: true, read: (start, end) => reader.read(start, end), close: () => handle.close() };
    }
    const size = (await handle.stat()).size;
    return { size, sealed: false, read: (start, end) => readPlain(handle, size, start, end), close: () => handle.close() };
  } catch (error) {
    if (typeof file === 'string') await handle.close();
    throw error;
  }
}

async function* readPlain(handle: FileHandle, size: number, start = 0, end = size - 1): AsyncGenerator<Buffer> {
  if (size === 0 || end < start) return;
  if (start < 0 || end >= size) throw new RangeError(`bytes ${start}-${end} are outside the content's ${size}`);
  for (let at = start; at <= end; ) {
    const length = Math.min(plainPieceBytes, end - at + 1);
    const piece = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(piece, 0, length, at);
    if (bytesRead === 0) throw new Error('the evidence file became shorter while it was read');
    yield piece.subarray(0, bytesRead);
    at += bytesRead;
  }
}

/** The SHA-256 of an object's content, read through its reader. */
export async function hashContent(reader: ObjectReader): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of reader.read()) hash.update(piece);
  return hash.digest('hex');
}
