import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';

// Evidence at rest (issue 22, decision 0036): a file sealed with AES-256-GCM in independent chunks,
// so that a Range request decrypts only the chunks it touches and a flipped bit is found in the
// chunk that holds it.
//
//   header (64 bytes): "DDSEAL01" | version u8 = 1 | 3 zero bytes | chunk bytes u32 BE
//                      | key id (16 bytes) | salt (32 bytes)
//   then chunks: each `chunkBytes` of plaintext + a 16-byte tag; the last may be shorter (even
//   empty), and only the last is sealed as final.
//
// Each file has its own key, HKDF-SHA256(evidence key, salt), so the nonce can simply be the chunk's
// index: no nonce is ever used twice under one key. Each chunk authenticates the header, its index
// and whether it is the last: chunks moved, swapped, dropped from the end or taken from another
// file fail their tag.

const magic = Buffer.from('DDSEAL01', 'latin1');
const formatVersion = 1;

/** Bytes of the header every sealed file starts with. */
export const sealedHeaderBytes = 64;
/** Plaintext bytes per chunk: a seek decrypts at most one chunk it does not need on either side. */
export const sealedChunkBytes = 64 * 1024;
const tagBytes = 16;
/** The largest chunk a header may claim: a damaged one must not make the reader allocate gigabytes. */
const maxChunkBytes = 16 * 1024 * 1024;

/** The key a sealed file is sealed under, with the id that names it (from the desk key). */
export interface SealingKey {
  keyId: Buffer;
  key: Buffer;
}

/** A sealed file that cannot be opened: another desk's key, not sealed at all, or damaged bytes. */
export class SealedFileError extends Error {
  constructor(
    readonly code: 'not_sealed' | 'other_key' | 'damaged',
    message: string,
    /** The chunk whose tag failed, when one did. */
    readonly chunk?: number,
  ) {
    super(message);
  }
}

function fileKey(key: SealingKey, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, salt, 'dispute-desk sealed file v1', 32));
}

function nonceOf(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function additionalData(header: Buffer, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index));
  tail[8] = final ? 1 : 0;
  return Buffer.concat([header, tail]);
}

/** The size of the sealed file for `plainBytes` of content. */
export function sealedSizeOf(plainBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / sealedChunkBytes));
  return sealedHeaderBytes + plainBytes + chunks * tagBytes;
}

/** The content's size in a sealed file of `sealedBytes`, or null when no sealed file has that size. */
export function plainSizeOf(sealedBytes: number, chunkBytes = sealedChunkBytes): number | null {
  const body = sealedBytes - sealedHeaderBytes;
  if (body < tagBytes) return null;
  const chunks = Math.ceil(body / (chunkBytes + tagBytes));
  const last = body - (chunks - 1) * (chunkBytes + tagBytes);
  if (last < tagBytes) return null;
  return body - chunks * tagBytes;
}

/** Whether these first bytes are a sealed file's. */
function startsSealed(head: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}

/** Whether the file starts as a sealed file does (it may still be another desk's, or damaged). */
export async function isSealedFile(file: FileHandle | string): Promise<boolean> {
  const handle = typeof file === 'string' ? await open(file, 'r') : file;
  try {
    const head = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return startsSealed(head.subarray(0, bytesRead));
  } finally {
    if (typeof file === 'string') await handle.close();
  }
}

/**
 * Checks a sealed file's header against `key` and the file's size in bytes: what its chunks are
 * and the key they open with. Refuses a file that is not sealed, sealed under another key, or cut.
 */
function openHeader(header: Buffer, key: SealingKey, sealedBytes: number): { fileKey: Buffer; chunkBytes: number; size: number } {
  if (header.length < sealedHeaderBytes || !startsSealed(header)) throw new SealedFileError('not_sealed', 'This file is not sealed by Dispute Desk.');
  if (header[8] !== formatVersion) throw new SealedFileError('not_sealed', `This file is sealed in a format this version does not read (${header[8]}).`);
  if (!header.subarray(16, 32).equals(key.keyId)) throw new SealedFileError('other_key', "This file is sealed with another desk's key.");
  const chunkBytes = header.readUInt32BE(12);
  const size = plainSizeOf(sealedBytes, chunkBytes);
  if (chunkBytes === 0 || chunkBytes > maxChunkBytes || size === null) throw new SealedFileError('damaged', 'This sealed file has been cut short.');
  return { fileKey: fileKey(key, header.subarray(32, 64)), chunkBytes, size };
}

/** One sealed chunk (ciphertext then tag) opened and checked; a failed check names the chunk. */
function openChunk(keyOfFile: Buffer, header: Buffer, index: number, final: boolean, chunk: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', keyOfFile, nonceOf(index));
  decipher.setAAD(additionalData(header, index, final));
  decipher.setAuthTag(chunk.subarray(chunk.length - tagBytes));
  try {
    // GCM's final() gives no bytes; it is where the tag is checked.
    const plain = decipher.update(chunk.subarray(0, chunk.length - tagBytes));
    decipher.final();
    return plain;
  } catch {
    throw new SealedFileError('damaged', `Chunk ${index} of this sealed file fails its check: it was changed or damaged.`, index);
  }
}

/**
 * Seals content given in pieces of any size: `push` returns the sealed bytes ready so far (the
 * header first), `finish` the rest. It copies what it keeps, so a caller may reuse its buffers, and
 * holds back one chunk at most: a chunk is sealed as the last only once the content has ended.
 */
export class Sealer {
  readonly #header: Buffer;
  readonly #key: Buffer;
  readonly #chunk = Buffer.allocUnsafe(sealedChunkBytes);
  #filled = 0;
  #index = 0;
  #headerSent = false;

  constructor(key: SealingKey) {
    if (key.keyId.length !== 16 || key.key.length !== 32) throw new Error('a sealing key is a 16-byte id and a 32-byte key');
    const salt = randomBytes(32);
    const header = Buffer.alloc(sealedHeaderBytes);
    magic.copy(header, 0);
    header[8] = formatVersion;
    header.writeUInt32BE(sealedChunkBytes, 12);
    key.keyId.copy(header, 16);
    salt.copy(header, 32);
    this.#header = header;
    this.#key = fileKey(key, salt);
  }

  /** Takes the next piece of content; returns what is sealed now, in order (a chunk's ciphertext, then its tag). */
  push(piece: Uint8Array): Buffer[] {
    const out = this.#start();
    for (let at = 0; at < piece.length; ) {
      // A full chunk with more content after it is not the last.
      if (this.#filled === sealedChunkBytes) {
        out.push(...this.#seal(this.#chunk, false));
        this.#filled = 0;
      }
      // Whole chunks of the piece with more after them are sealed where they lie, without a copy.
      if (this.#filled === 0 && piece.length - at > sealedChunkBytes) {
        out.push(...this.#seal(piece.subarray(at, at + sealedChunkBytes), false));
        at += sealedChunkBytes;
        continue;
      }
      const taken = Math.min(sealedChunkBytes - this.#filled, piece.length - at);
      this.#chunk.set(piece.subarray(at, at + taken), this.#filled);
      this.#filled += taken;
      at += taken;
    }
    return out;
  }

  /** Seals what is left as the last chunk. */
  finish(): Buffer[] {
    const out = this.#start();
    out.push(...this.#seal(this.#chunk.subarray(0, this.#filled), true));
    this.#filled = 0;
    return out;
  }

  #start(): Buffer[] {
    if (this.#headerSent) return [];
    this.#headerSent = true;
    return [this.#header];
  }

  #seal(plain: Uint8Array, final: boolean): Buffer[] {
    const index = this.#index;
    this.#index += 1;
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonceOf(index));
    cipher.setAAD(additionalData(this.#header, index, final));
    // GCM's final() gives no bytes: the ciphertext is update()'s, as long as the plaintext.
    const sealed = cipher.update(plain);
    cipher.final();
    return [sealed, cipher.getAuthTag()];
  }
}

/** Chunks read from disk at once by `SealedReader.read`: 1 MiB, few system calls. */
const chunksPerRead = 16;

/**
 * Reads a sealed file by plaintext position, decrypting only the chunks a range touches. Every
 * byte it returns has passed its chunk's tag; a chunk that fails is a `SealedFileError` naming it.
 */
export class SealedReader {
  private constructor(
    private readonly file: FileHandle,
    private readonly header: Buffer,
    private readonly key: Buffer,
    private readonly chunkBytes: number,
    /** The content's size. */
    readonly size: number,
  ) {}

  /** Opens a sealed file that is open for reading; refuses one that is not sealed, or sealed under another key. */
  static async open(file: FileHandle, key: SealingKey): Promise<SealedReader> {
    const header = Buffer.alloc(sealedHeaderBytes);
    const { bytesRead } = await file.read(header, 0, sealedHeaderBytes, 0);
    const opened = openHeader(header.subarray(0, bytesRead), key, (await file.stat()).size);
    return new SealedReader(file, header, opened.fileKey, opened.chunkBytes, opened.size);
  }

  /**
   * The content from `start` to `end` inclusive, as pieces in order: the first chunk alone, so a
   * seek's first bytes come after one chunk's work, then at most 1 MiB at a time.
   */
  async *read(start = 0, end = this.size - 1): AsyncGenerator<Buffer> {
    if (this.size === 0 || end < start) return;
    if (start < 0 || end >= this.size) throw new RangeError(`bytes ${start}-${end} are outside the content's ${this.size}`);
    const first = Math.floor(start / this.chunkBytes);
    const last = Math.floor(end / this.chunkBytes);
    for (let from = first, batch = 1; from <= last; from += batch, batch = chunksPerRead) {
      const to = Math.min(last, from + batch - 1);
      const plain = await this.#chunks(from, to);
      const offset = from === first ? start - first * this.chunkBytes : 0;
      const stop = to === last ? end - from * this.chunkBytes + 1 : plain.length;
      yield plain.subarray(offset, stop);
    }
  }

  /** The chunks `from` to `to`, decrypted and checked, as one buffer. */
  async #chunks(from: number, to: number): Promise<Buffer> {
    const sealedChunk = this.chunkBytes + tagBytes;
    const lastChunk = this.chunkCount() - 1;
    const position = sealedHeaderBytes + from * sealedChunk;
    const length = (to - from) * sealedChunk + this.#sealedLengthOf(to);
    const sealed = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.file.read(sealed, 0, length, position);
    if (bytesRead < length) throw new SealedFileError('damaged', 'This sealed file changed while it was read.', to);
    const plain: Buffer[] = [];
    for (let index = from; index <= to; index += 1) {
      const at = (index - from) * sealedChunk;
      plain.push(openChunk(this.key, this.header, index, index === lastChunk, sealed.subarray(at, at + this.#sealedLengthOf(index))));
    }
    return Buffer.concat(plain);
  }

  private chunkCount(): number {
    return Math.max(1, Math.ceil(this.size / this.chunkBytes));
  }

  #sealedLengthOf(index: number): number {
    const plain = index === this.chunkCount() - 1 ? this.size - index * this.chunkBytes : this.chunkBytes;
    return plain + tagBytes;
  }
}

/** How a sealing store (decision 0036) keeps small derived files: sealed on the way in, opened on the way out. */
export interface SmallFileSeal {
  seal(bytes: Buffer): Buffer;
  /** Throws when the bytes are not sealed under this desk's key or were changed. */
  open(sealed: Buffer): Buffer;
}

/** Seals a small file's content whole, in memory (a thumbnail, a filmstrip frame): the same format as a file sealed in pieces. */
export function sealBytes(key: SealingKey, content: Uint8Array): Buffer {
  const sealer = new Sealer(key);
  return Buffer.concat([...sealer.push(content), ...sealer.finish()]);
}

/**
 * Opens a small sealed file read whole into memory; throws a SealedFileError as `SealedReader`
 * does. Refuses more than `maxBytes`, so a damaged size cannot make it allocate without end.
 */
export function openSealedBytes(key: SealingKey, sealed: Buffer, maxBytes = 64 * 1024 * 1024): Buffer {
  const header = sealed.subarray(0, sealedHeaderBytes);
  const { fileKey: keyOfFile, chunkBytes, size } = openHeader(header, key, sealed.length);
  if (size > maxBytes) throw new SealedFileError('damaged', `This sealed file holds more than the ${maxBytes} bytes expected of it.`);
  const chunks = Math.max(1, Math.ceil(size / chunkBytes));
  const plain: Buffer[] = [];
  for (let index = 0; index < chunks; index += 1) {
    const at = sealedHeaderBytes + index * (chunkBytes + tagBytes);
    const length = (index === chunks - 1 ? size - index * chunkBytes : chunkBytes) + tagBytes;
    plain.push(openChunk(keyOfFile, header, index, index === chunks - 1, sealed.subarray(at, at + length)));
  }
  return Buffer.concat(plain);
}

/** A stream that seals what passes through it: plain content in, a sealed file's bytes out. */
export function sealingStream(key: SealingKey): Transform {
  const sealer = new Sealer(key);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const sealed of sealer.push(chunk)) this.push(sealed);
      done();
    },
    flush(done) {
      for (const sealed of sealer.finish()) this.push(sealed);
      done();
    },
  });
}
