import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { EvidenceService } from '../../electron/services/evidence/evidence-service';
import { median, round, spreadOf, type Bench, type BenchResult, type BenchSize } from './harness';
import { writeEvidenceFile } from './evidence-transfer';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const root = path.resolve(import.meta.dirname, '..', '..');

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Ingesting one large file (hash, sniff, index, temporary file, fsync, rename) against the least
 * work that stores it durably, `cp FILE DEST && sync DEST`, alternated in the same run. The file
 * is random bytes, so analysis finds nothing to decode: this measures the storing pass.
 */
export const ingestThroughput: Bench = {
  name: 'ingest-throughput',
  async run(size) {
    const bytes = size === 'small' ? 64 * MiB : 1024 * MiB;
    const rounds = 3;
    const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-ingest-'));
    try {
      const file = path.join(work, 'evidence.bin');
      await writeEvidenceFile(file, bytes);
      const ours: number[] = [];
      const copies: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const dest = path.join(work, `copy-${i}.bin`);
        copies.push(await timed(() => run('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', file, dest])));
        await rm(dest);
        const service = await EvidenceService.open(path.join(work, `store-${i}`));
        ours.push(
          await timed(async () => {
            const outcome = await service.ingestPath(file, { disputeId: 'BENCH', party: 'buyer', channel: 'external_link' });
            if (!outcome.ok) throw new Error(outcome.error.message);
          }),
        );
        service.close();
        await rm(path.join(work, `store-${i}`), { recursive: true });
      }
      const value = median(ours);
      const baseline = median(copies);
      const mibPerSecond = (ms: number) => bytes / MiB / (ms / 1000);
      return {
        bench: 'ingest-throughput',
        value: round(mibPerSecond(value)),
        unit: 'MiB/s',
        baseline: round(mibPerSecond(baseline)),
        ratio: round(value / baseline),
        target: 1.2,
        size,
        samples: rounds,
        spread: { value: spreadOf(ours.map(mibPerSecond)), baseline: spreadOf(copies.map(mibPerSecond)) },
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

async function peakRss(mode: 'ingest' | 'copy', target: string, file: string): Promise<number> {
  const { stdout } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(import.meta.dirname, 'ingest-memory-child.ts'), mode, target, file], {
    cwd: root,
  });
  return Number(stdout.trim());
}

async function memoryAt(size: BenchSize, bytes: number, label: string): Promise<BenchResult> {
  const work = await mkdtemp(path.join(tmpdir(), 'desk-bench-memory-'));
  try {
    const file = path.join(work, 'evidence.bin');
    await writeEvidenceFile(file, bytes);
    const baseline = await peakRss('copy', path.join(work, 'copy.bin'), file);
    const value = await peakRss('ingest', path.join(work, 'store'), file);
    return {
      bench: `ingest-memory-${label}`,
      value: round(value / 1e6),
      unit: 'MB peak RSS',
      baseline: round(baseline / 1e6),
      ratio: round(value / baseline),
      target: 200,
      size,
      // One process each: at full size another round would ingest and copy the 2 GiB file again, ~12 s.
      samples: 1,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Peak memory of ingesting a 256 MiB and a 2 GiB file, each in a fresh process, against a
 * process that only streams the same file to disk: flat means the two sizes cost the same.
 */
export const ingestMemory: Bench = {
  name: 'ingest-memory',
  async run(size) {
    const sizes: [number, string][] = size === 'small' ? [[64 * MiB, '64MiB'], [256 * MiB, '256MiB']] : [[256 * MiB, '256MiB'], [2048 * MiB, '2GiB']];
    const results: BenchResult[] = [];
    for (const [bytes, label] of sizes) results.push(await memoryAt(size, bytes, label));
    return results;
  },
};
