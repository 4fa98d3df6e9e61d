// The `dispute-desk` command line, run as a user runs it: a child process, JSON lines on stdout.
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto, writeVideo } from '../support/media';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const tsxCli = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cli = path.join(root, 'electron', 'cli.ts');

let work: string;

interface Line {
  file: string;
  ok: boolean;
  sha256?: string;
  type?: string;
  kind?: string;
  size?: number;
  flags?: { code: string; reason: string }[];
  error?: { code: string; message: string };
  video?: { durationSeconds: number | null; width: number | null; height: number | null; poster: boolean };
}

function lines(stdout: string): Line[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);
}

async function desk(args: string[], options: { user?: string } = {}): Promise<{ code: number; lines: Line[]; stderr: string }> {
  const command = options.user ? 'runuser' : tsx;
  const argv = options.user ? ['-u', options.user, '--', tsx, cli, ...args] : [cli, ...args];
  try {
    const { stdout, stderr } = await run(command, argv, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, lines: stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, lines: failed.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line), stderr: failed.stderr };
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-cli-'));
  const folder = path.join(work, 'folder');
  await mkdir(path.join(folder, 'videos'), { recursive: true });
  await writePhoto(path.join(folder, 'front.jpg'), { seed: 21 });
  await writePhoto(path.join(folder, 'label.jpg'), { seed: 22, format: 'png' });
  await writeVideo(path.join(folder, 'videos', 'unboxing.mp4'), { seconds: 2 });
  await writeFile(path.join(folder, 'empty.jpg'), '');
  await writePhoto(path.join(work, 'outside.jpg'), { seed: 23 });
  await symlink(path.join(work, 'outside.jpg'), path.join(folder, 'link-out.jpg'));
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('dispute-desk ingest', () => {
  it('prints one JSON line per file of a folder, with flags or an error code, and exits 0', async () => {
    const store = path.join(work, 'store');
    const result = await desk(['ingest', '--store', store, '--case', 'D-100', '--party', 'seller', '--requested', 'photo', '--recursive', path.join(work, 'folder')]);
    expect(result.code).toBe(0);
    const byName = new Map(result.lines.map((line) => [path.basename(line.file), line]));
    expect([...byName.keys()].sort()).toEqual(['empty.jpg', 'front.jpg', 'label.jpg', 'link-out.jpg', 'unboxing.mp4']);
    expect(byName.get('front.jpg')).toMatchObject({ ok: true, type: 'image/jpeg', kind: 'photo', flags: [] });
    expect(byName.get('front.jpg')?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(byName.get('label.jpg')?.flags?.map((flag) => flag.code)).toEqual(['type_mismatch']);
    expect(byName.get('unboxing.mp4')?.flags?.map((flag) => flag.code)).toEqual(['format_not_requested']);
    expect(byName.get('unboxing.mp4')?.video).toMatchObject({ width: 320, height: 240, poster: true });
    expect(byName.get('front.jpg')).not.toHaveProperty('video');
    expect(byName.get('empty.jpg')).toMatchObject({ ok: false, error: { code: 'empty_file' } });
    expect(byName.get('link-out.jpg')).toMatchObject({ ok: false, error: { code: 'outside_folder' } });
    const verified = await desk(['verify', '--store', store]);
    expect(verified.code).toBe(0);
    expect(verified.lines[0]).toMatchObject({ ok: true, checked: 3, danglingRows: 0 });
  });

  it('refuses a folder named as a file without --recursive, per file', async () => {
    const result = await desk(['ingest', '--store', path.join(work, 'store'), '--case', 'D-101', path.join(work, 'folder')]);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'is_directory' }) })]);
  });

  it('exits 2 with the usage when it cannot run at all', async () => {
    const noCase = await desk(['ingest', '--store', path.join(work, 'store'), path.join(work, 'outside.jpg')]);
    expect(noCase.code).toBe(2);
    expect(noCase.stderr).toMatch(/--case ID is required/);
    const badDue = await desk(['ingest', '--store', path.join(work, 'store'), '--case', 'D-1', '--due', 'tomorrow', path.join(work, 'outside.jpg')]);
    expect(badDue.code).toBe(2);
    expect(badDue.stderr).toMatch(/due/);
    expect((await desk(['frobnicate'])).code).toBe(2);
  });

  it('reports a file it may not read, even when the tests run as root', async () => {
    const locked = path.join(work, 'locked');
    await mkdir(locked);
    await writePhoto(path.join(locked, 'secret.jpg'), { seed: 24 });
    await chmod(path.join(locked, 'secret.jpg'), 0o000);
    // Root reads anything, so as root the check runs as `nobody`, with a store nobody may write.
    const asRoot = process.getuid?.() === 0;
    const store = path.join(work, 'store-locked');
    await mkdir(store, { mode: 0o777 });
    await chmod(store, 0o777);
    await chmod(work, 0o755);
    const result = await desk(['ingest', '--store', store, '--case', 'D-102', path.join(locked, 'secret.jpg')], asRoot ? { user: 'nobody' } : {});
    expect(result.lines).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'permission_denied' }) })]);
  });
});

describe('a video on a computer with no ffmpeg or ffprobe on the PATH', () => {
  it('still gets its duration, picture size and poster, from the tools that come with the app', async () => {
    const bare = path.join(work, 'bare-path');
    await mkdir(bare);
    const env = { ...process.env, PATH: bare };
    // The PATH really has neither tool.
    for (const tool of ['ffmpeg', 'ffprobe']) await expect(run(tool, ['-version'], { env })).rejects.toMatchObject({ code: 'ENOENT' });
    const video = path.join(work, 'phone.mp4');
    await writeVideo(video, { seconds: 3, size: '320x240' });
    const store = path.join(work, 'store-bare');
    // tsx's own launcher asks the PATH for node; node itself is named here instead.
    const { stdout } = await run(process.execPath, [tsxCli, cli, 'ingest', '--store', store, '--case', 'D-200', '--requested', 'video', video], { cwd: root, env });
    const [line] = lines(stdout);
    expect(line).toMatchObject({ ok: true, kind: 'video', flags: [], video: { width: 320, height: 240, poster: true } });
    expect(line?.video?.durationSeconds).toBeCloseTo(3, 1);
    const sha256 = line!.sha256!;
    expect((await stat(path.join(store, 'derived', sha256.slice(0, 2), sha256, 'poster.webp'))).size).toBeGreaterThan(0);
  }, 60_000);
});

describe('killing ingestion at random points', () => {
  it('always leaves a store that verify passes and an index without dangling rows', async () => {
    const inputs = path.join(work, 'kill-inputs');
    await mkdir(inputs);
    for (let i = 0; i < 6; i += 1) await writeFile(path.join(inputs, `clip-${i}.bin`), Buffer.alloc((6 + i) * 1024 * 1024, i + 1));
    for (let i = 0; i < 4; i += 1) await writePhoto(path.join(inputs, `photo-${i}.jpg`), { seed: 40 + i });
    const store = path.join(work, 'kill-store');
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    let killedMidRun = 0;
    const finishedRuns: string[] = [];
    for (let round = 0; round < 8; round += 1) {
      const child = spawn(tsx, [cli, 'ingest', '--store', store, '--case', `D-K${round}`, '--recursive', inputs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      // Killed after 1 to 8 of its 10 files are reported, and a moment into the next: a delay
      // from start-up killed too late once later rounds found most bytes already stored.
      const killAfter = 1 + Math.floor(random() * 8);
      let reported = 0;
      await Promise.race([
        exited,
        new Promise<void>((resolve) =>
          child.stdout.on('data', (chunk: Buffer) => {
            reported += chunk.toString().split('\n').length - 1;
            if (reported >= killAfter) resolve();
          }),
        ),
      ]);
      await new Promise((resolve) => setTimeout(resolve, random() * 40));
      child.kill('SIGKILL');
      if ((await exited) === 'SIGKILL') killedMidRun += 1;
      else finishedRuns.push(`round ${round} exited ${child.exitCode}: ${stderr.slice(-500)}`);
    }
    // A run that had already finished proves nothing; most must have died mid-way.
    expect(killedMidRun, finishedRuns.join('\n')).toBeGreaterThanOrEqual(5);
    // The next start cleans temporaries, and verify re-hashes what is there.
    const verified = await desk(['verify', '--store', store]);
    expect(verified.lines[0], verified.stderr).toMatchObject({ ok: true, mismatched: [], strays: [], missingObjects: [], danglingRows: 0 });
    expect(await readdir(path.join(store, 'tmp'))).toEqual([]);
    // And ingestion carries on where it stopped.
    const finished = await desk(['ingest', '--store', store, '--case', 'D-K-final', '--recursive', inputs]);
    expect(finished.lines.filter((line) => line.ok), JSON.stringify(finished.lines.filter((line) => !line.ok))).toHaveLength(10);
  }, 120_000);
});
