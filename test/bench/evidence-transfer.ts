import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { contentDigestHeader, partLength, uploadAnswerSchema, uploadStoredSchema } from '../../shared/sync/transfer-protocol';

// What the evidence-upload benchmarks share: a case service in a child process, test files, and
// a client that uploads a file by the transfer protocol (shared/sync/transfer-protocol.ts).

/** Bytes in a MiB. */
export const MiB = 1024 * 1024;

/**
 * The file size an evidence benchmark moves: `fullMiB` at full size, `smallMiB` for CI, or
 * `EVIDENCE_BENCH_MIB` when set (a middle size to iterate on; its ratios are not the target's).
 */
export function evidenceBenchBytes(size: 'small' | 'full', fullMiB: number, smallMiB = 64): number {
  const override = Number(process.env.EVIDENCE_BENCH_MIB);
  if (Number.isSafeInteger(override) && override > 0) return override * MiB;
  return (size === 'small' ? smallMiB : fullMiB) * MiB;
}
const root = path.resolve(import.meta.dirname, '..', '..');

/** A case service running in a child process. */
export interface ChildService {
  url: string;
  token: string;
  /** The child's resident set size now, in bytes (Linux /proc). */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the case service in a child process with its folder store in `storeDir`. */
export async function startChildService(storeDir: string): Promise<ChildService> {
  // Node itself with tsx's loader, not the tsx command: its process is then the service's alone.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'evidence-service-child.ts'), storeDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let ready: { url: string; token: string } | undefined;
  for await (const line of lines) {
    if (line.startsWith('{"url"')) {
      ready = JSON.parse(line) as { url: string; token: string };
      break;
    }
  }
  if (!ready) throw new Error('the benchmark service did not start');
  // Keep draining its output (the access log) so it never blocks on a full pipe.
  child.stdout!.resume();
  return {
    ...ready,
    async rss() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Writes `bytes` of incompressible data (a random MiB with a counter in each copy), different per call. */
export async function writeEvidenceFile(file: string, bytes: number): Promise<void> {
  const block = randomBytes(MiB);
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += MiB) {
      block.writeUInt32LE(written / MiB, 0);
      await handle.write(block, 0, Math.min(MiB, bytes - written));
    }
  } finally {
    await handle.close();
  }
}

const agent = new http.Agent({ keepAlive: true });

/**
 * One part sent with node:http: undici's fetch moved an 8 MiB body at a tenth of the speed here,
 * which would measure the benchmark's client rather than the service.
 */
function putPart(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A file's SHA-256, streamed (the desk knows it from bringing the file in). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: MiB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Uploads `file` (of `size` bytes, digest `sha256`) to the service part by part, as a desk does:
 * one part read into memory at a time, each sent with its SHA-256. Returns the bytes sent.
 */
export async function uploadFile(service: { url: string; token: string }, file: string, size: number, sha256: string): Promise<number> {
  const headers = { authorization: `Bearer ${service.token}` };
  const begun = await fetch(`${service.url}/uploads`, { method: 'POST', headers, body: JSON.stringify({ sha256, size, mediaType: 'video/mp4' }) });
  const answer = uploadAnswerSchema.parse(await begun.json());
  if (answer.status === 'present') return 0;
  const handle = await open(file, 'r');
  let sent = 0;
  try {
    for (let n = 1; n <= answer.partCount; n += 1) {
      if (answer.received.includes(n)) continue;
      const length = partLength(size, answer.partBytes, n);
      const part = Buffer.allocUnsafe(length);
      await handle.read(part, 0, length, (n - 1) * answer.partBytes);
      const put = await putPart(`${service.url}/uploads/${answer.uploadId}/parts/${n}`, {
        ...headers,
        'content-length': String(length),
        'content-digest': contentDigestHeader(createHash('sha256').update(part).digest('hex')),
      }, part);
      if (put.status !== 200) throw new Error(`part ${n} refused: ${put.body}`);
      sent += length;
    }
  } finally {
    await handle.close();
  }
  const completed = await fetch(`${service.url}/uploads/${answer.uploadId}/complete`, { method: 'POST', headers });
  if (completed.status !== 200) throw new Error(`completing refused: ${await completed.text()}`);
  uploadStoredSchema.parse(await completed.json());
  return sent;
}
