import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import path from 'node:path';
import { createLogger } from '../../../shared/logger';
import { formatBytes, type EvidenceService } from './evidence-service';
import type { TransferTarget } from './transfer-http';

const log = createLogger('blob-download');

/** What became of fetching an object from the case service. */
export type BlobDownloadStatus = 'stored' | 'missing' | 'unreachable' | 'unauthorized' | 'no_service' | 'corrupt' | 'disk_full' | 'cancelled';

/** The answer to one download. */
export interface BlobDownloadResult {
  status: BlobDownloadStatus;
  message: string;
  /** Bytes that came over the wire in this call (a resumed download asks only for the rest). */
  receivedBytes: number;
  /** With `disk_full`: how many more bytes must be freed on this computer's disk for the file to fit. */
  bytesToFree?: number;
}

/** Options for one download. */
export interface DownloadOptions {
  /** Told the bytes held so far (the partial file's length) and the file's size once known. */
  onProgress?: (bytesDone: number, bytesTotal: number | null) => void;
  signal?: AbortSignal;
  /** Writes one chunk to the partial file; tests pass one that fails as a full disk does. */
  write?: (handle: FileHandle, chunk: Buffer, position: number) => Promise<void>;
}

/** Chunks are gathered to this size before a write: few system calls, one buffer held. */
const writeBytes = 4 * 1024 * 1024;

/**
 * Brings a file the case service holds into this computer's store. What arrives is appended to
 * a partial file beside the store (`partial/<sha256>`) that survives a dropped network, a closed
 * desk or a full disk; the next call asks only for the rest (`Range: bytes=<length>-`). The whole
 * file's SHA-256 is checked before the object is committed; bytes that do not hash to the digest
 * are discarded.
 */
export async function downloadBlob(
  evidence: EvidenceService,
  target: TransferTarget | null,
  sha256: string,
  options: DownloadOptions = {},
): Promise<BlobDownloadResult> {
  if (await evidence.store.has(sha256)) {
    await evidence.recordFetched(sha256);
    return { status: 'stored', message: 'Already on this computer.', receivedBytes: 0 };
  }
  if (target === null) return { status: 'no_service', message: 'No case service is configured, so the file cannot be fetched.', receivedBytes: 0 };
  const partial = evidence.store.partialPath(sha256);
  await mkdir(path.dirname(partial), { recursive: true });
  // Two rounds: the second from the start, when the service's answer does not continue the partial file.
  for (let round = 0; round < 2; round += 1) {
    const result = await downloadRound(evidence, target, sha256, partial, options);
    if (result !== 'restart') return result;
    await rm(partial, { force: true });
  }
  return { status: 'unreachable', message: 'The case service did not continue the download where it stopped; try again later.', receivedBytes: 0 };
}

async function downloadRound(
  evidence: EvidenceService,
  target: TransferTarget,
  sha256: string,
  partial: string,
  options: DownloadOptions,
): Promise<BlobDownloadResult | 'restart'> {
  const have = await stat(partial).then((s) => s.size, () => 0);
  const headers: Record<string, string> = { authorization: `Bearer ${target.token}` };
  if (have > 0) headers.range = `bytes=${have}-`;
  let response: BlobResponse;
  try {
    response = await openBlob(target, new URL(`/blobs/${sha256}`, target.serviceUrl), headers, options.signal);
  } catch (error) {
    if (options.signal?.aborted) return cancelled(0);
    return { status: 'unreachable', message: `The case service could not be reached (${(error as Error).message}). It will be fetched when you are online.`, receivedBytes: 0 };
  }
  if (response.status !== 200 && response.status !== 206) await response.cancel();
  switch (response.status) {
    case 200:
    case 206:
      break;
    case 401:
      return { status: 'unauthorized', message: 'Your session with the case service has ended; sign in again.', receivedBytes: 0 };
    case 404:
      return { status: 'missing', message: 'The case service does not have this file: it was never uploaded, or was too large to upload.', receivedBytes: 0 };
    case 416:
      // The partial file may already be whole (a crash between the last byte and the commit).
      return have > 0 && totalOf(response.header('content-range')) === have ? finish(evidence, sha256, partial, await hashOf(partial), 0) : 'restart';
    default:
      return { status: 'unreachable', message: `The case service answered ${response.status}. It will be fetched later.`, receivedBytes: 0 };
  }
  const range = response.status === 206 ? parseContentRange(response.header('content-range')) : null;
  if (response.status === 206 && range?.start !== have) {
    await response.cancel();
    return 'restart';
  }
  const start = response.status === 206 ? have : 0;
  const lengthHeader = Number(response.header('content-length') ?? Number.NaN);
  const total = range?.total ?? (Number.isFinite(lengthHeader) ? lengthHeader : null);
  const hash = start > 0 ? await hashOf(partial) : createHash('sha256');
  const handle = await open(partial, start > 0 ? 'r+' : 'w', 0o600);
  const received = await receive(response, handle, hash, start, total, options);
  if (received.error === null) {
    await handle.sync();
    await handle.close();
    return total !== null && received.position !== total
      ? { status: 'unreachable', message: 'The download ended early; the rest will be fetched later.', receivedBytes: received.position - start }
      : finish(evidence, sha256, partial, hash, received.position - start);
  }
  // Keep exactly the bytes known to be written, so the next round resumes from a true length.
  await handle.truncate(received.position).catch(() => undefined);
  await handle.sync().catch(() => undefined);
  await handle.close();
  return failureOf(evidence, received.error, received.position, start, total, options.signal);
}

async function receive(
  body: BlobResponse,
  handle: FileHandle,
  hash: Hash,
  start: number,
  total: number | null,
  options: DownloadOptions,
): Promise<{ position: number; error: unknown }> {
  // The gathered chunks go to the disk in one writev, never copied into one buffer first (a copy
  // of every byte cost as much as hashing them). An injected `write` takes one buffer.
  const inject = options.write;
  const write = inject
    ? (buffers: Buffer[], bytes: number, position: number) => inject(handle, buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers, bytes), position)
    : async (buffers: Buffer[], bytes: number, position: number) => {
        let rest = buffers;
        let at = position;
        while (at < position + bytes) {
          const { bytesWritten } = await handle.writev(rest, at);
          at += bytesWritten;
          if (at < position + bytes) rest = unwritten(rest, bytesWritten);
        }
      };
  // `written` is what is on disk (the media handler reads up to it); one write runs while the next
  // chunks are gathered and hashed, so the disk, the hash and the network overlap.
  let written = start;
  let queued = start;
  let inFlight: Promise<void> = Promise.resolve();
  // A failed write is kept here rather than left as a rejection nobody awaits yet.
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await inFlight;
    if (failure !== null) throw failure.error;
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const buffers = pending;
    const bytes = pendingBytes;
    pending = [];
    pendingBytes = 0;
    await settle();
    const at = queued;
    queued += bytes;
    inFlight = write(buffers, bytes, at).then(
      () => {
        written = at + bytes;
        options.onProgress?.(written, total);
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };
  try {
    options.onProgress?.(written, total);
    for await (const chunk of body.chunks) {
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      hash.update(buffer);
      pending.push(buffer);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= writeBytes) await flush();
    }
    if (pendingBytes > 0) await flush();
    await settle();
    return { position: written, error: null };
  } catch (error) {
    await inFlight;
    await body.cancel();
    return { position: written, error };
  }
}

/** `buffers` without their first `bytes` bytes (what a short write left). */
function unwritten(buffers: Buffer[], bytes: number): Buffer[] {
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

/** A download's answer, read the same way from Node's HTTP client or an injected fetch. */
interface BlobResponse {
  status: number;
  header(name: string): string | null;
  chunks: AsyncIterable<Uint8Array>;
  cancel(): Promise<void>;
}

/**
 * Opens a GET of `url`. Node's own HTTP client by default: its socket hands over large Buffers
 * directly, where fetch's web stream cost a third of a download's time in the benchmark. An
 * injected fetch (tests that cut the network) is read through its stream.
 */
async function openBlob(target: TransferTarget, url: URL, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<BlobResponse> {
  if (target.fetch) {
    const response = await target.fetch(url, { headers, signal });
    const body = response.body;
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      chunks: webChunks(body),
      cancel: async () => void (await body?.cancel().catch(() => undefined)),
    };
  }
  const message = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsGet : httpGet)(url, { headers, signal }, resolve);
    request.once('error', reject);
  });
  return {
    status: message.statusCode ?? 0,
    header: (name) => {
      const value = message.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    chunks: message,
    cancel: async () => void message.destroy(),
  };
}

async function* webChunks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (body === null) return;
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
}

async function failureOf(
  evidence: EvidenceService,
  error: unknown,
  position: number,
  start: number,
  total: number | null,
  signal: AbortSignal | undefined,
): Promise<BlobDownloadResult> {
  const receivedBytes = position - start;
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
    const free = await evidence.store.freeBytes().catch(() => 0);
    const bytesToFree = Math.max(1, (total ?? position + 1) - position - free);
    log.warn('the disk is full; the partial download is kept', { position, total, bytesToFree });
    return {
      status: 'disk_full',
      message: `This computer's disk is full. Free at least ${formatBytes(bytesToFree)} and the file will continue from where it stopped.`,
      receivedBytes,
      bytesToFree,
    };
  }
  if (signal?.aborted) return cancelled(receivedBytes);
  log.warn('a download was cut; the partial file is kept', { position, total, error: String(error) });
  return { status: 'unreachable', message: 'The connection to the case service was lost; the file continues from where it stopped when it answers again.', receivedBytes };
}

async function finish(evidence: EvidenceService, sha256: string, partial: string, hash: Hash, receivedBytes: number): Promise<BlobDownloadResult> {
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    await rm(partial, { force: true });
    log.error('a downloaded file does not match its digest; it was discarded', { sha256, actual });
    return { status: 'corrupt', message: 'The file from the case service does not match its digest; it was not kept.', receivedBytes };
  }
  await evidence.store.adoptPartial(sha256);
  await evidence.recordFetched(sha256);
  return { status: 'stored', message: 'Fetched into this computer’s evidence store.', receivedBytes };
}

function cancelled(receivedBytes: number): BlobDownloadResult {
  return { status: 'cancelled', message: 'The download was stopped; it continues from where it stopped next time.', receivedBytes };
}

async function hashOf(file: string): Promise<Hash> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: writeBytes })) hash.update(chunk as Buffer);
  return hash;
}

/** `bytes a-b/N` → its start and total; null for anything else. */
function parseContentRange(header: string | null): { start: number; total: number } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  return match ? { start: Number(match[1]), total: Number(match[3]) } : null;
}

// The total in a Content-Range: `bytes a-b/N`, or a 416's "bytes star/N".
function totalOf(header: string | null): number | null {
  const match = /\/(\d+)$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : null;
}
