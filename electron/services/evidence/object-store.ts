import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { constants as fsConstants, createWriteStream, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../../../shared/logger';
import { SealedFileError, Sealer, sealingStream } from '../at-rest/sealed-file';
import { isProcessRunning } from '../process-alive';
import { hashContent, openObjectReader, sealedObjectName, type ObjectReader, type StoreSealing } from './object-reader';

const log = createLogger('object-store');

/** How many leading bytes are kept for type sniffing: enough for every format file-type knows. */
export const sniffBytes = 64 * 1024;

/** What one streaming pass learned about an object it stored. */
export interface StoredObject {
  sha256: string;
  sizeBytes: number;
  /** The first bytes, for sniffing the type without reading the file again. */
  head: Buffer;
  /** True when identical content was already in the store; the new copy was discarded. */
  existed: boolean;
}

/** Options for one `put`. */
export interface PutOptions {
  signal?: AbortSignal;
  /** Called as bytes arrive, at most every `progressEveryBytes`. */
  onProgress?: (bytesDone: number) => void;
  /** Stop and discard when the stream carries more than this (a download that lies about its size). */
  maxBytes?: number;
  /** The size the source said it had: a different count means it changed while read, and nothing is kept. */
  expectedBytes?: number;
}

/** Thrown by `put` when the stream ended with another size than `expectedBytes`, or with none. */
export class ContentSizeError extends Error {
  constructor(
    readonly actualBytes: number,
    readonly expectedBytes: number | undefined,
  ) {
    super(`The content has ${actualBytes} bytes${expectedBytes === undefined ? '' : ` where ${expectedBytes} were expected`}.`);
  }
}

/** Thrown by `put` when the stream carried more than `maxBytes`. */
export class ObjectTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes.`);
  }
}

const progressEveryBytes = 4 * 1024 * 1024;

/** Reads and writes of 4 MiB: few system calls, and two such buffers are all a file ingestion holds. */
const chunkBytes = 4 * 1024 * 1024;

/** How many newly written bytes start an early write-back (see `EarlyWriteback`). */
const writebackEveryBytes = 32 * 1024 * 1024;

const hashPattern = /^[0-9a-f]{64}$/;

/** A process's own temporary folder: `tmp/<pid>-<random>`, the pid telling whether its owner still runs. */
const temporaryFolderPattern = /^(\d+)-[0-9a-f]+$/;

/**
 * The content-addressed evidence store. Objects live at `objects/ab/<name>`; each is written
 * to a temporary while it streams, fsynced, and renamed into place, so a crash at any moment
 * leaves the whole object or nothing. Several processes may use one store (the app and the CLI):
 * each writes its temporaries in a folder of its own, `tmp/<pid>-<random>`, and opening the store
 * removes only the folders of processes that are gone.
 *
 * A store opened with `sealing` (decision 0036) writes each object sealed (at-rest/sealed-file.ts)
 * under a keyed name; without it the name is the content's SHA-256 and the bytes are plain. A
 * sealing store still reads plain objects at their plain names, so one half-way through its
 * migration serves every object.
 */
export class ObjectStore {
  private constructor(
    readonly root: string,
    /** This process's temporaries; no other process touches it while this one runs. */
    readonly temporaryDir: string,
    private readonly sealing: StoreSealing | undefined,
  ) {}

  /** Opens (creating if needed) the store at `root` and removes the temporaries of processes that ended without closing it. */
  static async open(root: string, options: { sealing?: StoreSealing } = {}): Promise<ObjectStore> {
    const resolved = path.resolve(root);
    const store = new ObjectStore(resolved, path.join(resolved, 'tmp', `${process.pid}-${randomBytes(6).toString('hex')}`), options.sealing);
    await mkdir(path.join(store.root, 'objects'), { recursive: true });
    await mkdir(path.join(store.root, 'tmp'), { recursive: true });
    await store.removeOrphanedTemporaries();
    await mkdir(store.temporaryDir);
    return store;
  }

  /** Removes this process's temporary folder; whatever is still in it was never finished. */
  close(): void {
    rmSync(this.temporaryDir, { recursive: true, force: true });
  }

  /**
   * Removes the temporary folders whose process no longer runs (a crash, a kill), and loose
   * `.part` files of the earlier layout, which only a crash left. A folder of a running process
   * is another ingestion in progress and stays.
   */
  private async removeOrphanedTemporaries(): Promise<void> {
    const tmp = path.join(this.root, 'tmp');
    for (const entry of await readdir(tmp, { withFileTypes: true })) {
      const owner = temporaryFolderPattern.exec(entry.name);
      const full = path.join(tmp, entry.name);
      if (entry.isDirectory() && owner) {
        const pid = Number(owner[1]);
        if (isProcessRunning(pid)) continue;
        // Another process opening the store at the same moment may have removed it first.
        const files = await readdir(full).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          throw error;
        });
        if (files === null) continue;
        await rm(full, { recursive: true, force: true });
        log.info('removed the temporaries of a process that ended without finishing them', { folder: full, pid, files: files.length });
      } else if (entry.isFile() && entry.name.endsWith('.part')) {
        await rm(full, { force: true });
        log.info('removed a temporary an earlier version left behind', { file: full });
      } else {
        log.warn('left alone something in the temporary folder that no Dispute Desk writes', { path: full });
      }
    }
  }

  /** Whether new objects are sealed. */
  get seals(): boolean {
    return this.sealing !== undefined;
  }

  /** Where the object with this digest is written (whether or not it is there): its keyed name in a sealing store. */
  objectPath(sha256: string): string {
    if (!hashPattern.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    const name = this.sealing ? sealedObjectName(this.sealing, sha256) : sha256;
    return path.join(this.root, 'objects', name.slice(0, 2), name);
  }

  /** Where a plain object of this digest lives: the store's only place without sealing, the unmigrated one with it. */
  plainObjectPath(sha256: string): string {
    if (!hashPattern.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    return path.join(this.root, 'objects', sha256.slice(0, 2), sha256);
  }

  /** The file that holds the object now, sealed or plain, or null. */
  async objectFile(sha256: string): Promise<string | null> {
    for (const file of new Set([this.objectPath(sha256), this.plainObjectPath(sha256)])) {
      if (await isFile(file)) return file;
    }
    return null;
  }

  /** Opens the object for reading its content by position, or null when it is not stored. */
  async openObject(sha256: string): Promise<ObjectReader | null> {
    const file = await this.objectFile(sha256);
    return file === null ? null : openObjectReader(file, this.sealing);
  }

  /** Bytes free on the store's file system, for refusing a file that cannot fit before reading it. */
  async freeBytes(): Promise<number> {
    const fs = await statfs(this.root);
    return fs.bavail * fs.bsize;
  }

  /** Whether an object is stored. */
  async has(sha256: string): Promise<boolean> {
    return (await this.objectFile(sha256)) !== null;
  }

  /**
   * Streams `source` into the store in one pass that hashes, counts and keeps the head for
   * sniffing. On any failure (abort, read error, too large) the temporary is removed and the
   * error rethrown; nothing partial ever becomes an object.
   */
  async put(source: Readable, options: PutOptions = {}): Promise<StoredObject> {
    const tmpPath = this.temporaryPath();
    const pass = new Pass(options);
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        try {
          pass.take(chunk);
          done(null, chunk);
        } catch (error) {
          done(error as Error);
        }
      },
    });
    try {
      // `flush` fsyncs before the close that ends the pipeline: the bytes are on disk before the rename.
      const sink = createWriteStream(tmpPath, { flags: 'wx', mode: 0o600, flush: true, highWaterMark: chunkBytes });
      if (this.sealing) await pipeline(source, tap, sealingStream(this.sealing.evidence), sink, { signal: options.signal });
      else await pipeline(source, tap, sink, { signal: options.signal });
      pass.checkSize();
    } catch (error) {
      await rm(tmpPath, { force: true });
      throw error;
    }
    return this.commit(tmpPath, pass);
  }

  /**
   * Stores a file that is open for reading, from its start: the same single pass as `put`, but
   * with two buffers in turn, so reading the next chunk and writing this one (both on libuv's
   * threads) overlap with hashing it here, and the disk writes back behind them (`EarlyWriteback`).
   * Streams would run the three one after another.
   */
  async putFile(source: FileHandle, options: PutOptions = {}): Promise<StoredObject> {
    const tmpPath = this.temporaryPath();
    const pass = new Pass(options);
    const sealer = this.sealing ? new Sealer(this.sealing.evidence) : undefined;
    const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    const target = await open(tmpPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
    const writeback = new EarlyWriteback(target);
    try {
      let position = 0;
      // Where the next bytes go in the file: past the content read so far, or its sealed form.
      let written = 0;
      let turn = 0;
      let read = await source.read(buffers[0]!, 0, chunkBytes, 0);
      while (read.bytesRead > 0) {
        options.signal?.throwIfAborted();
        const chunk = buffers[turn % 2]!.subarray(0, read.bytesRead);
        const next = source.read(buffers[(turn + 1) % 2]!, 0, chunkBytes, position + chunk.length);
        // Sealing here, before the write starts, keeps the plain chunk's buffer free for the next read.
        const out = sealer ? sealer.push(chunk) : [chunk];
        const outBytes = out.reduce((total, piece) => total + piece.length, 0);
        const writing = target.writev(out, written);
        try {
          pass.take(chunk);
        } finally {
          // Both must settle before their buffers are used again, even when this chunk failed.
          [read] = await Promise.all([next, writing]);
        }
        position += chunk.length;
        written += outBytes;
        turn += 1;
        writeback.wrote(written);
      }
      pass.checkSize();
      if (sealer) await target.writev(sealer.finish(), written);
      await writeback.settled();
      await target.sync();
      await target.close();
    } catch (error) {
      await writeback.settled().catch(() => undefined);
      await target.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw error;
    }
    return this.commit(tmpPath, pass);
  }

  private temporaryPath(): string {
    return path.join(this.temporaryDir, `${randomUUID()}.part`);
  }

  /** Moves a finished, fsynced temporary into place under its digest, or drops it when that content is stored already. */
  private async commit(tmpPath: string, pass: Pass): Promise<StoredObject> {
    pass.reportDone();
    const sha256 = pass.digest();
    const finalPath = this.objectPath(sha256);
    // The object's own place only: a plain copy of a store not yet sealed is not this object, and
    // counting it would drop the sealed copy that moving the store into sealed form is making.
    const existed = await isFile(finalPath);
    if (existed) {
      await rm(tmpPath, { force: true });
    } else {
      await mkdir(path.dirname(finalPath), { recursive: true });
      await rename(tmpPath, finalPath);
      await syncDirectory(path.dirname(finalPath));
    }
    return { sha256, sizeBytes: pass.sizeBytes, head: pass.head(), existed };
  }

  /** Where a download of this digest keeps what has arrived so far, beside the objects, until it is whole. */
  partialPath(sha256: string): string {
    if (!hashPattern.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    return path.join(this.root, 'partial', sha256);
  }

  /**
   * Makes a whole, fsynced download the object of `sha256`, which the caller has checked its bytes
   * hash to. The rename keeps the store's rule: the whole object or nothing. A sealing store seals
   * it first, in one streaming pass, and removes the plain partial.
   */
  async adoptPartial(sha256: string): Promise<void> {
    const partial = this.partialPath(sha256);
    if (this.sealing) {
      const handle = await open(partial, 'r');
      try {
        await this.putFile(handle, {});
      } finally {
        await handle.close();
      }
      await rm(partial, { force: true });
      return;
    }
    const finalPath = this.objectPath(sha256);
    await mkdir(path.dirname(finalPath), { recursive: true });
    await rename(partial, finalPath);
    await syncDirectory(path.dirname(finalPath));
  }

  /** The SHA-256 the stored object's content hashes to now, or null when it is not stored. */
  async hashObject(sha256: string): Promise<string | null> {
    const reader = await this.openObject(sha256);
    if (!reader) return null;
    try {
      return await hashContent(reader);
    } finally {
      await reader.close();
    }
  }

  /** Deletes an object that is in no index row (bytes that turned out not to be what was asked for, or forgotten). */
  async remove(sha256: string): Promise<void> {
    await rm(this.objectPath(sha256), { force: true });
    await rm(this.plainObjectPath(sha256), { force: true });
  }

  /**
   * Removes everything the store holds, and its derived files and partial downloads: the team's
   * evidence is leaving this computer. The index is the caller's to empty. Temporaries of
   * ingestions under way stay (the caller refuses while any runs).
   */
  async removeEverything(): Promise<void> {
    for (const folder of ['objects', 'derived', 'partial']) await rm(path.join(this.root, folder), { recursive: true, force: true });
    await mkdir(path.join(this.root, 'objects'), { recursive: true });
    await syncDirectory(this.root);
  }

  /**
   * Re-hashes every object and reports those whose content no longer matches their name (a sealed
   * one also when a chunk fails its check), and any stray file in the objects folder. `known`
   * digests (the index's) let a sealed object's keyed name be reported as the digest people know.
   * A store that a crash interrupted passes: temporaries are not objects.
   */
  async verify(known: Iterable<string> = []): Promise<{ checked: number; mismatched: string[]; strays: string[] }> {
    const sealing = this.sealing;
    const digestOf = new Map<string, string>();
    if (sealing) for (const sha256 of known) digestOf.set(sealedObjectName(sealing, sha256), sha256);
    const objects = path.join(this.root, 'objects');
    const mismatched: string[] = [];
    const strays: string[] = [];
    let checked = 0;
    for (const prefix of (await readdir(objects)).sort()) {
      for (const name of (await readdir(path.join(objects, prefix))).sort()) {
        const file = path.join(objects, prefix, name);
        if (!hashPattern.test(name) || !name.startsWith(prefix)) {
          strays.push(path.relative(this.root, file));
          continue;
        }
        checked += 1;
        const problem = await checkObjectFile(file, name, sealing);
        if (problem !== null) {
          const object = digestOf.get(name) ?? name;
          mismatched.push(object);
          log.error('an object does not match its name', { object, problem });
        }
      }
    }
    return { checked, mismatched, strays };
  }
}

/** Why the object file `file` named `name` is not what its name says, or null when it is. */
async function checkObjectFile(file: string, name: string, sealing: StoreSealing | undefined): Promise<string | null> {
  let reader: ObjectReader;
  try {
    reader = await openObjectReader(file, sealing);
  } catch (error) {
    if (error instanceof SealedFileError) return error.message;
    throw error;
  }
  try {
    const sha256 = await hashContent(reader);
    const expected = reader.sealed && sealing ? sealedObjectName(sealing, sha256) : sha256;
    return expected === name ? null : 'its content hashes to another name';
  } catch (error) {
    if (error instanceof SealedFileError) return error.message;
    throw error;
  } finally {
    await reader.close();
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** What one pass over the bytes accumulates: digest, size, the head for sniffing, progress. */
class Pass {
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private reported = 0;
  sizeBytes = 0;

  constructor(private readonly options: PutOptions) {}

  /** Takes the next chunk; throws when the content grows past `maxBytes`. */
  take(chunk: Buffer): void {
    this.sizeBytes += chunk.length;
    const { maxBytes, onProgress } = this.options;
    if (maxBytes !== undefined && this.sizeBytes > maxBytes) throw new ObjectTooLargeError(maxBytes);
    this.hash.update(chunk);
    if (this.headLength < sniffBytes) {
      const part = chunk.subarray(0, sniffBytes - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    if (onProgress && this.sizeBytes - this.reported >= progressEveryBytes) {
      this.reported = this.sizeBytes;
      onProgress(this.sizeBytes);
    }
  }

  /** Refuses empty content, and content whose size is not the one announced. */
  checkSize(): void {
    const { expectedBytes } = this.options;
    if (this.sizeBytes === 0 || (expectedBytes !== undefined && this.sizeBytes !== expectedBytes)) {
      throw new ContentSizeError(this.sizeBytes, expectedBytes);
    }
  }

  reportDone(): void {
    this.options.onProgress?.(this.sizeBytes);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

/**
 * Starts writing a temporary's bytes to disk while later bytes are still read and hashed, so the
 * fsync before the rename has little left to do. Linux lets a tenth of memory stay dirty before
 * it writes back on its own, so without this a 1 GiB file reached that fsync wholly unwritten,
 * and the disk's half second came after the hashing instead of beside it.
 * At most one datasync runs, in the background; the loop never waits for it. It is not what makes
 * the object durable (the fsync before the rename is), but any error it reports fails the put:
 * a later fsync may not report the same lost write again.
 */
class EarlyWriteback {
  private startedAt = 0;
  private running: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(private readonly file: FileHandle) {}

  /** Told how many bytes are written so far; throws an earlier write-back's error. */
  wrote(bytes: number): void {
    if (this.failure) throw this.failure;
    if (this.running || bytes - this.startedAt < writebackEveryBytes) return;
    this.startedAt = bytes;
    this.running = this.file.datasync().then(
      () => {
        this.running = null;
      },
      (error: Error) => {
        this.failure ??= error;
        this.running = null;
      },
    );
  }

  /** Waits for the write-back still running, then throws any error one reported. */
  async settled(): Promise<void> {
    await this.running;
    if (this.failure) throw this.failure;
  }
}

/** Makes a rename durable: on POSIX the directory entry is only on disk once the directory is synced. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
