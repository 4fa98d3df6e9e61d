import { createReadStream } from 'node:fs';
import { appendFile, constants, copyFile, mkdir, open, readdir, readFile, rename, rm, stat, access } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { HashingStream } from './hashing';
import { partOffset, StoreUnavailable, type ArchiveTarget, type EvidenceStore, type PutResult, type StagedUpload } from './store';

// Errors that mean the folder cannot take writes (full, read-only, no permission, failing disk):
// an operator's problem, answered as `store_unavailable`, never a lost file.
const unavailableCodes = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO']);

function unavailable(error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && unavailableCodes.has(code)) throw new StoreUnavailable(`The evidence folder cannot be written (${code}): ${(error as Error).message}`, { cause: error });
  throw error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return unavailable(error);
  }
}

const writeBatchBytes = 1024 * 1024;
const readChunkBytes = 1024 * 1024;

/** `buffers` without their first `bytes` bytes (what a short write left to write). */
function skipBytes(buffers: Buffer[], bytes: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = bytes;
  for (const buffer of buffers) {
    if (skip >= buffer.byteLength) {
      skip -= buffer.byteLength;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

/** Writes `body` through `hasher` into a new file at `file`, fsynced before it closes. */
async function writeSynced(file: string, body: Readable, hasher: HashingStream, flags = 'wx', start = 0): Promise<void> {
  const handle = await open(file, flags);
  try {
    let position = start;
    // Chunks arrive at 16–64 KiB; writing them a MiB at a time keeps the thread pool's round trips few.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      let buffers = pending;
      pending = [];
      pendingBytes = 0;
      while (buffers.length > 0) {
        const { bytesWritten } = await handle.writev(buffers, position);
        position += bytesWritten;
        buffers = skipBytes(buffers, bytesWritten);
      }
    };
    await pipeline(body, hasher, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= writeBatchBytes) await flush();
      }
      await flush();
    });
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sha256OfFile(file: string): Promise<string> {
  const hasher = new HashingStream();
  await pipeline(createReadStream(file), hasher, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) void chunk;
  });
  return hasher.hash.digest('hex');
}

/**
 * The content-addressed folder store: `objects/<first two hex>/<sha256>`. Every object is written
 * to a temporary file, fsynced and renamed into place, so a crash leaves a whole object or none.
 * An open upload is one staging file in `uploads/` that each part is written into at its offset,
 * with a line per written part appended to a `.parts` file beside it; completing is an fsync and
 * a rename, never a copy.
 */
export function openFolderStore(root: string): EvidenceStore {
  const objects = path.join(root, 'objects');
  const uploads = path.join(root, 'uploads');
  const temp = path.join(root, 'tmp');
  const keyOf = (sha256: string) => path.posix.join('objects', sha256.slice(0, 2), sha256);
  const fileOf = (sha256: string) => path.join(root, keyOf(sha256));
  const stagingOf = (upload: StagedUpload) => path.join(uploads, `${upload.id}.staging`);
  const partsLogOf = (upload: StagedUpload) => path.join(uploads, `${upload.id}.parts`);
  let ready: Promise<void> | undefined;
  const ensureFolders = () => (ready ??= guarded(async () => {
    for (const dir of [objects, uploads, temp]) await mkdir(dir, { recursive: true });
  }).catch((error: unknown) => {
    ready = undefined;
    throw error;
  }));

  /** Moves a finished, fsynced file into its object path. */
  const publish = async (file: string, sha256: string) => {
    const target = fileOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(file, target);
    await fsyncDir(path.dirname(target));
  };

  const store: EvidenceStore = {
    kind: 'folder',
    where: root,
    keyOf,
    async probe() {
      await ensureFolders();
      try {
        await access(objects, constants.W_OK);
      } catch (error) {
        throw new StoreUnavailable(`The evidence folder ${root} cannot be written: ${(error as Error).message}`, { cause: error });
      }
    },
    async put(sha256, body) {
      await ensureFolders();
      const hasher = new HashingStream();
      if (await store.has(sha256)) {
        await pipeline(body, hasher, async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) void chunk;
        });
        const actual = hasher.hash.digest('hex');
        return actual === sha256 ? { ok: true, size: hasher.bytes } : { ok: false, actual, size: hasher.bytes };
      }
      const file = path.join(temp, `${randomUUID()}.tmp`);
      try {
        await guarded(() => writeSynced(file, body, hasher));
        const actual = hasher.hash.digest('hex');
        if (actual !== sha256) return { ok: false, actual, size: hasher.bytes };
        await guarded(() => publish(file, sha256));
        return { ok: true, size: hasher.bytes };
      } finally {
        await rm(file, { force: true });
      }
    },
    async read(sha256, range) {
      // 1 MiB reads, not the default 64 KiB: a download is a long sequential read, and each chunk costs a trip through the thread pool and the socket.
      const stream = createReadStream(fileOf(sha256), { highWaterMark: readChunkBytes, ...(range && { start: range.start, end: range.end }) });
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream;
    },
    async head(sha256) {
      try {
        return { size: (await stat(fileOf(sha256))).size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async has(sha256) {
      return (await store.head(sha256)) !== undefined;
    },
    async delete(sha256) {
      await rm(fileOf(sha256), { force: true });
    },
    async beginUpload(upload) {
      await ensureFolders();
      await guarded(async () => {
        const handle = await open(path.join(uploads, `${upload.id}.staging`), 'a');
        await handle.close();
      });
      return '';
    },
    async putPart(upload, n, body, length) {
      // The caller hashes the part as it streams it here; the folder only counts.
      const counter = new HashingStream(length, { hashing: false });
      await guarded(() => writeSynced(stagingOf(upload), body, counter, 'r+', partOffset(upload.partBytes, n)));
      const etag = `part-${n}-${counter.bytes}`;
      // Logged only once the part's bytes are fsynced: the log says what the staging file holds.
      await guarded(() => appendFile(partsLogOf(upload), `${n} ${counter.bytes} ${etag}\n`));
      return { etag };
    },
    async listParts(upload) {
      let log: string;
      try {
        log = await readFile(partsLogOf(upload), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const parts = new Map<number, { n: number; size: number; etag: string }>();
      for (const line of log.split('\n')) {
        const [n, size, etag] = line.split(' ');
        if (n && size && etag) parts.set(Number(n), { n: Number(n), size: Number(size), etag });
      }
      return [...parts.values()].sort((a, b) => a.n - b.n);
    },
    async completeUpload(upload, _parts, knownSha256) {
      const staging = stagingOf(upload);
      const handle = await open(staging, 'r+');
      try {
        // Parts past the end of a shorter resend cannot leave stray bytes: the file is cut to size.
        await handle.truncate(upload.size);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const actual = knownSha256 ?? (await sha256OfFile(staging));
      if (actual !== upload.sha256) {
        await store.abortUpload(upload);
        return { ok: false, actual, size: upload.size } satisfies PutResult;
      }
      if (await store.has(upload.sha256)) await rm(staging, { force: true });
      else await guarded(() => publish(staging, upload.sha256));
      await rm(partsLogOf(upload), { force: true });
      return { ok: true, size: upload.size } satisfies PutResult;
    },
    async abortUpload(upload) {
      await rm(stagingOf(upload), { force: true });
      await rm(partsLogOf(upload), { force: true });
    },
    async stats() {
      let count = 0;
      let bytes = 0;
      for (const prefix of await readdir(objects).catch(() => [] as string[])) {
        for (const name of await readdir(path.join(objects, prefix))) {
          count += 1;
          bytes += (await stat(path.join(objects, prefix, name))).size;
        }
      }
      return { objects: count, bytes };
    },
    async archive(sha256, target: ArchiveTarget) {
      if (target.kind !== 'folder') throw new Error(`A folder store archives into another folder (--archive-dir), not by ${target.kind}.`);
      const destination = path.join(path.resolve(target.dir), sha256.slice(0, 2), sha256);
      await mkdir(path.dirname(destination), { recursive: true });
      try {
        await rename(fileOf(sha256), destination);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        // Another disk: copy, check, fsync, then remove the original.
        const partial = `${destination}.partial`;
        await copyFile(fileOf(sha256), partial);
        if ((await sha256OfFile(partial)) !== sha256) throw new Error(`The archive copy of ${sha256} does not hash to its digest; the original is kept.`, { cause: error });
        const handle = await open(partial, 'r+');
        await handle.sync();
        await handle.close();
        await rename(partial, destination);
        await rm(fileOf(sha256));
      }
      await fsyncDir(path.dirname(destination));
      return destination;
    },
  };

  return store;
}
