import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { downloadBlob } from '../../electron/services/evidence/blob-download';
import { uploadBlob } from '../../electron/services/evidence/blob-upload';
import { EvidenceService } from '../../electron/services/evidence/evidence-service';
import { evidenceBenchBytes, writeEvidenceFile } from './evidence-transfer';
import { median, round, spreadOf, type Bench } from './harness';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');

/** A case service on loopback, in a process of its own, whose evidence folder is on the desk's disk. */
export interface EvidenceBenchService {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts the service in its own process (as it runs beside a desk, so the two do not share one
 * thread) with its folder store under `dir`; `partBytes` overrides the protocol's part size.
 */
export async function startEvidenceBenchService(dir: string, partBytes?: number): Promise<EvidenceBenchService> {
  const args = [path.join(import.meta.dirname, 'evidence-desk-service-child.ts'), dir, ...(partBytes === undefined ? [] : [String(partBytes)])];
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`the bench's case service stopped (exit ${code}) before it answered`)));
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  return {
    url,
    token,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

/** Puts `bytes` of incompressible data (a random MiB with a counter in each copy) into a desk's store, and answers its digest. */
export async function storeRandomEvidence(desk: EvidenceService, work: string, bytes: number): Promise<string> {
  const file = path.join(work, 'evidence.bin');
  await writeEvidenceFile(file, bytes);
  const source = await open(file, 'r');
  try {
    return (await desk.store.putFile(source)).sha256;
  } finally {
    await source.close();
  }
}

/**
 * A file of 2 GiB (64 MiB small) from a real case service on loopback into a fresh desk's store:
 * ranged GET, partial file, whole-file hash, fsync and rename, against `cp FILE DEST && sync DEST`
 * of the same bytes on the same disk, alternated in the same run.
 */
export const evidenceDownload: Bench = {
  name: 'evidence-download',
  async run(size) {
    const bytes = evidenceBenchBytes(size, 2048);
    const rounds = size === 'small' ? 1 : 3;
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-download-'));
    const service = await startEvidenceBenchService(path.join(work, 'service-store'));
    try {
      const uploader = await EvidenceService.open(path.join(work, 'uploader'));
      const sha256 = await storeRandomEvidence(uploader, work, bytes);
      const target = { serviceUrl: service.url, token: service.token };
      const sent = await uploadBlob(uploader.store, target, sha256, 'application/octet-stream');
      if (sent.status !== 'stored') throw new Error(sent.message);
      const source = uploader.store.objectPath(sha256);
      uploader.close();
      const ours: number[] = [];
      const copies: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const dest = path.join(work, `copy-${i}.bin`);
        let started = performance.now();
        await run('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', source, dest]);
        copies.push(performance.now() - started);
        await rm(dest);
        await mkdir(path.join(work, `desk-${i}`));
        const desk = await EvidenceService.open(path.join(work, `desk-${i}`, 'evidence'));
        started = performance.now();
        const fetched = await downloadBlob(desk, target, sha256);
        ours.push(performance.now() - started);
        if (fetched.status !== 'stored') throw new Error(fetched.message);
        desk.close();
        await rm(path.join(work, `desk-${i}`), { recursive: true });
      }
      const value = median(ours);
      const baseline = median(copies);
      return {
        bench: 'evidence-download',
        value: round(value),
        unit: 'ms',
        baseline: round(baseline),
        ratio: round(value / baseline),
        target: 2,
        size,
        samples: rounds,
        spread: { value: spreadOf(ours), baseline: spreadOf(copies) },
      };
    } finally {
      await service.stop();
      await rm(work, { recursive: true, force: true });
    }
  },
};
