import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../shared/logger';
import { acquireDataDirLock, type DataDirLockOutcome } from './data-dir-lock';

const root = path.resolve(import.meta.dirname, '..', '..');
const holder = path.join(root, 'test', 'support', 'hold-data-dir-lock.ts');

let work: string;
const logged: Parameters<LogSink>[0][] = [];
let previousSink: LogSink;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-lock-'));
  previousSink = setLogSink((record) => logged.push(record));
});
afterEach(() => {
  logged.length = 0;
});
afterAll(async () => {
  setLogSink(previousSink);
  await rm(work, { recursive: true, force: true });
});

async function folder(name: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

function held(outcome: DataDirLockOutcome) {
  if (!outcome.ok) throw new Error(`expected the lock, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.lock;
}

async function lockPid(dir: string): Promise<number> {
  return (JSON.parse(await readFile(path.join(dir, 'dispute-desk.lock'), 'utf8')) as { pid: number }).pid;
}

/** The id of a process that ran and has ended. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** Another Dispute Desk: a child process that takes the lock and holds it until its stdin closes. */
async function otherDesk(dir: string): Promise<{ child: ChildProcessWithoutNullStreams; outcome: { ok: boolean } }> {
  // Node itself, with tsx as a loader: the `tsx` command would run the script in a grandchild.
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dir], { cwd: root });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the other desk exited (${code}) before it answered`)));
  });
  return { child, outcome: JSON.parse(line) as { ok: boolean } };
}

describe('the data folder lock', () => {
  it('is taken with our pid, refused to a second taker while held, and gone once released', async () => {
    const dir = await folder('plain');
    const lock = held(await acquireDataDirLock(dir));
    expect(await lockPid(dir)).toBe(process.pid);
    const again = await acquireDataDirLock(dir);
    expect(again).toMatchObject({ ok: false, error: { code: 'data_dir_in_use' } });
    lock.release();
    await expect(stat(lock.file)).rejects.toMatchObject({ code: 'ENOENT' });
    held(await acquireDataDirLock(dir)).release();
  });

  it('takes over a stale lock whose process is gone, and logs the takeover', async () => {
    const dir = await folder('stale');
    const dead = await endedPid();
    await writeFile(path.join(dir, 'dispute-desk.lock'), JSON.stringify({ pid: dead, since: '2025-01-01T00:00:00.000Z' }));
    const lock = held(await acquireDataDirLock(dir));
    try {
      expect(await lockPid(dir)).toBe(process.pid);
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', module: 'data-dir-lock', dataDir: dir, stalePid: dead }));
    } finally {
      lock.release();
    }
  });

  it('takes over a lock file that names no process (a crash between creating and writing it)', async () => {
    const dir = await folder('garbled');
    await writeFile(path.join(dir, 'dispute-desk.lock'), '');
    const lock = held(await acquireDataDirLock(dir));
    lock.release();
    expect(logged).toContainEqual(expect.objectContaining({ stalePid: null }));
  });

  it('refuses a folder another running Dispute Desk holds, naming the folder and what to do; free once that one exits', async () => {
    const dir = await folder('live');
    const other = await otherDesk(dir);
    try {
      expect(other.outcome).toMatchObject({ ok: true });
      const refused = await acquireDataDirLock(dir);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.code).toBe('data_dir_in_use');
      expect(refused.error.message).toContain(dir);
      expect(refused.error.message).toContain(`process ${other.child.pid}`);
      expect(refused.error.message).toMatch(/Close the other Dispute Desk, or choose another folder with --data-dir/);
    } finally {
      const exited = new Promise((resolve) => other.child.once('exit', resolve));
      other.child.stdin.end();
      await exited;
    }
    // Its normal exit released the lock: no takeover needed.
    await expect(stat(path.join(dir, 'dispute-desk.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    held(await acquireDataDirLock(dir)).release();
    expect(logged.some((record) => record.module === 'data-dir-lock')).toBe(false);
  });

  it('keeps the browser host from starting on a folder in use: exit 2 with the message', async () => {
    const dir = await folder('host');
    const lock = held(await acquireDataDirLock(dir));
    try {
      const host = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'browser-host.ts'), '--port', '0', '--data-dir', dir], { cwd: root });
      let stderr = '';
      host.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => host.once('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toContain(`The data folder ${dir} is in use: another Dispute Desk uses it (process ${process.pid}).`);
    } finally {
      lock.release();
    }
  });

  it('answers with an error value when the folder cannot hold a lock', async () => {
    const notAFolder = path.join(work, 'a-file');
    await writeFile(notAFolder, 'not a folder');
    const outcome = await acquireDataDirLock(notAFolder);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'data_dir_unwritable' } });
    if (!outcome.ok) expect(outcome.error.message).toMatch(/choose another folder with --data-dir/);
  });
});
