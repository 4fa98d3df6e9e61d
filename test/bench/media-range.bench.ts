import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMediaHandler } from '../../electron/services/evidence/media-handler';
import { comparedResult, percentile, type Bench, type BenchResult, type BenchSize } from './harness';

const mebibyte = 1024 * 1024;
const baselineReadBytes = 64 * 1024;
const reads = 500;
const warmupReads = 20;

/**
 * Writes `size` bytes of incompressible, non-repeating data into the store (not a sparse file,
 * so reads touch real pages) and returns its digest: one random mebibyte, stamped with a
 * counter per mebibyte so no two are alike.
 */
async function writeObject(storeRoot: string, size: number): Promise<string> {
  const temporary = path.join(storeRoot, 'object.part');
  const block = randomBytes(mebibyte);
  const hash = createHash('sha256');
  const handle = await open(temporary, 'w');
  try {
    for (let written = 0, counter = 0; written < size; written += mebibyte, counter += 1) {
      block.writeBigUInt64LE(BigInt(counter));
      const part = block.subarray(0, Math.min(mebibyte, size - written));
      hash.update(part);
      await handle.write(part, 0, part.length, written);
    }
  } finally {
    await handle.close();
  }
  const sha256 = hash.digest('hex');
  await mkdir(path.join(storeRoot, 'objects', sha256.slice(0, 2)), { recursive: true });
  await rename(temporary, path.join(storeRoot, 'objects', sha256.slice(0, 2), sha256));
  return sha256;
}

export interface Timed<T> {
  ms: number;
  result: T;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** Reads through the handler until the first chunk of the body arrives, then cancels the rest. */
async function firstChunkThroughHandler(
  handler: (request: Request) => Promise<Response>,
  url: string,
  start: number,
  length: number,
): Promise<Uint8Array> {
  const response = await handler(new Request(url, { headers: { range: `bytes=${start}-${start + length - 1}` } }));
  if (response.status !== 206 || !response.body) throw new Error(`expected a 206 with a body, got ${response.status}`);
  const reader = response.body.getReader();
  const first = await reader.read();
  await reader.cancel();
  if (!first.value) throw new Error(`the range at ${start} had no bytes`);
  return first.value;
}

/** The reference: open the object and read its first 64 KiB at the offset, as directly as Node can. */
async function firstChunkDirectly(file: string, start: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(baselineReadBytes);
    const { bytesRead } = await handle.read(buffer, 0, baselineReadBytes, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Times 500 random Range reads (64 KiB to 1 MiB, after 20 untimed) of the object at `url` through
 * `handler`, to its first bytes, against reading 64 KiB of `file` at the same offsets directly;
 * checks that both give the same bytes when the file is plain (`compare`).
 */
export async function measureSeeks(
  handler: (request: Request) => Promise<Response>,
  url: string,
  file: string,
  objectSize: number,
  compare = true,
): Promise<{ handlerMs: number[]; directMs: number[] }> {
  const handlerMs: number[] = [];
  const directMs: number[] = [];
  for (let index = 0; index < warmupReads + reads; index += 1) {
    const length = baselineReadBytes + Math.floor(Math.random() * (mebibyte - baselineReadBytes + 1));
    const start = Math.floor(Math.random() * (objectSize - length + 1));
    const viaHandler = () => timed(() => firstChunkThroughHandler(handler, url, start, length));
    const direct = () => timed(() => firstChunkDirectly(file, start));
    // Alternate which goes first, so neither always finds pages the other just touched.
    let handlerRead: Timed<Uint8Array>;
    let directRead: Timed<Buffer>;
    if (index % 2 === 0) {
      handlerRead = await viaHandler();
      directRead = await direct();
    } else {
      directRead = await direct();
      handlerRead = await viaHandler();
    }
    if (compare && !Buffer.from(handlerRead.result).equals(directRead.result.subarray(0, handlerRead.result.byteLength))) {
      throw new Error(`the handler's bytes at ${start} differ from the file's`);
    }
    if (index < warmupReads) continue;
    handlerMs.push(handlerRead.ms);
    directMs.push(directRead.ms);
  }
  return { handlerMs, directMs };
}

/** A seek benchmark's line: p95 ms to the first bytes through the handler against the direct reads; target 20 ms. */
export function seekLine(bench: string, size: BenchSize, { handlerMs, directMs }: { handlerMs: number[]; directMs: number[] }): BenchResult {
  return comparedResult({ bench, unit: 'ms', target: 20, size }, handlerMs, directMs, (samples) => percentile(samples, 95));
}

/**
 * Seeking in a large evidence video: time to first byte of ~500 random Range reads (64 KiB to
 * 1 MiB) of a 2 GiB object through the media handler, against opening the file and reading 64
 * KiB at the same offsets, in the same run. value and baseline are p95 milliseconds.
 */
export const mediaRange: Bench = {
  name: 'media-range',
  async run(size) {
    const objectSize = size === 'small' ? 64 * mebibyte : 2 * 1024 * mebibyte;
    const base = await mkdtemp(path.join(os.tmpdir(), 'media-range-bench-'));
    try {
      const storeRoot = path.join(base, 'store');
      await mkdir(storeRoot);
      const sha256 = await writeObject(storeRoot, objectSize);
      const file = path.join(storeRoot, 'objects', sha256.slice(0, 2), sha256);
      const handler = createMediaHandler({ storeRoot, mediaTypeOf: () => 'video/mp4' });
      const url = `evidence://media/${sha256}`;

      return seekLine('media-range', size, await measureSeeks(handler, url, file, objectSize));
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  },
};
