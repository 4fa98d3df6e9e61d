// Two `dispute-desk ingest` runs into one store at the same time, as the CLI beside the app does:
// each process streams into a temporary folder of its own, so one opening the store never
// removes what the other is writing, and both write the one index.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../support/media';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const cli = path.join(root, 'electron', 'cli.ts');

let work: string;

interface Ingestion {
  /** Resolves when the first JSON line arrives: the run is past opening the store and ingesting. */
  firstLine: Promise<number>;
  done: Promise<{ code: number | null; lines: { file: string; ok: boolean }[]; stderr: string; endedAt: number }>;
}

function ingest(store: string, disputeId: string, files: string[]): Ingestion {
  const child = spawn(tsx, [cli, 'ingest', '--store', store, '--case', disputeId, ...files], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let reportFirst: (at: number) => void = () => {};
  const firstLine = new Promise<number>((resolve) => (reportFirst = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('\n')) reportFirst(performance.now());
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Awaited<Ingestion['done']>>((resolve) =>
    child.once('exit', (code) => {
      reportFirst(performance.now());
      const lines = stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { file: string; ok: boolean });
      resolve({ code, lines, stderr, endedAt: performance.now() });
    }),
  );
  return { firstLine, done };
}

const filesPerRun = 24;

/** `count` files of 16 MiB, each different content (a counter in the first bytes), so each becomes an object of its own. */
async function distinctFiles(prefix: string, count: number): Promise<string[]> {
  const block = randomBytes(16 * 1024 * 1024);
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) {
    block.writeUInt32LE(i, 0);
    const file = path.join(work, `${prefix}-${i}.bin`);
    await writeFile(file, block);
    files.push(file);
  }
  return files;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-cli-shared-'));
  await writePhoto(path.join(work, 'shared.jpg'), { seed: 60 });
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('two CLI ingests into one store at the same moment', () => {
  it('both finish every file, and verify passes', async () => {
    const store = path.join(work, 'store');
    // Each run stores many new objects one after another, so the second run opens the store while
    // the first is writing one, and the two write the index at the same time; both bring in one
    // photo too, for another case each.
    const aFiles = [...(await distinctFiles('a', filesPerRun)), path.join(work, 'shared.jpg')];
    const bFiles = [path.join(work, 'shared.jpg'), ...(await distinctFiles('b', filesPerRun))];
    const first = ingest(store, 'D-A', aFiles);
    await first.firstLine;
    const second = ingest(store, 'D-B', bFiles);
    const [a, b, bFirstLine] = await Promise.all([first.done, second.done, second.firstLine]);

    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.lines.filter((line) => !line.ok)).toEqual([]);
    expect(b.lines.filter((line) => !line.ok)).toEqual([]);
    expect(a.lines).toHaveLength(aFiles.length);
    expect(b.lines).toHaveLength(bFiles.length);
    // The second run was ingesting while the first still was: otherwise this proved nothing.
    expect(bFirstLine, 'the first run ended before the second began ingesting').toBeLessThan(a.endedAt);

    const { stdout } = await run(tsx, [cli, 'verify', '--store', store], { cwd: root });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, checked: 2 * filesPerRun + 1, mismatched: [], strays: [], missingObjects: [], danglingRows: 0 });
    // Each run removed its own temporary folder when it closed the store.
    expect(await readdir(path.join(store, 'tmp'))).toEqual([]);
  }, 240_000);
});
