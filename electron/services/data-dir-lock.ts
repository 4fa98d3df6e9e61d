import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../../shared/logger';
import { isProcessRunning } from './process-alive';

const log = createLogger('data-dir-lock');

/** The lock's name inside the data folder. */
const lockFileName = 'dispute-desk.lock';

/** What a lock file holds; read back through zod, since another process (or a crash) wrote it. */
const lockContentSchema = z.object({ pid: z.number().int().positive(), since: z.string() });

/** A lock file is written just after it is created: content that does not parse may be a writer mid-way, so it is read again for this long. */
const unreadableGraceMs = 1_000;

/** The lock this process holds on a data folder. */
export interface DataDirLock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file if it is still this process's. Also runs on `process.exit`. */
  release(): void;
}

/** Why a data folder could not be locked, with a message to show as it is. */
export type DataDirLockError = { code: 'data_dir_in_use' | 'data_dir_unwritable'; message: string };

/** The lock, or why there is none. */
export type DataDirLockOutcome = { ok: true; lock: DataDirLock } | { ok: false; error: DataDirLockError };

/** Lock files this process holds, so a lock naming our own pid is told apart from a crash of an earlier process that had it. */
const held = new Set<string>();

/** The pid a lock file names, `null` when it names none (a crash between creating and writing it), `'gone'` when there is no file. */
async function lockOwner(file: string, graceMs = unreadableGraceMs): Promise<number | null | 'gone'> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw error;
    }
    const parsed = lockContentSchema.safeParse(safeJson(text));
    if (parsed.success) return parsed.data.pid;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Creates the lock file with O_EXCL; false when one exists. */
async function tryCreate(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Moves a stale lock (naming `stalePid`) out of the way. It is renamed first and checked after:
 * if another process took the lock over in between, the rename moved that live lock, and it is
 * put back (`link` refuses to replace a lock created meanwhile).
 */
async function removeStale(file: string, stalePid: number | null): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // Renamed away, no one writes it any more: no grace.
  const moved = await lockOwner(aside, 0);
  if (moved !== stalePid && moved !== 'gone') {
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function lockFor(file: string): DataDirLock {
  held.add(file);
  const release = (): void => {
    process.off('exit', release);
    if (!held.delete(file)) return;
    try {
      const content = lockContentSchema.safeParse(safeJson(readFileSync(file, 'utf8')));
      if (content.success && content.data.pid === process.pid) unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('could not remove the data folder lock', { file, error: String(error) });
    }
  };
  process.on('exit', release);
  return { file, release };
}

function inUse(folder: string, why: string): string {
  return `The data folder ${folder} is in use: ${why}. Close the other Dispute Desk, or choose another folder with --data-dir.`;
}

/**
 * Makes this process the one Dispute Desk (Electron or browser host) using `dataDir`: a lock file
 * holding our pid, created with O_EXCL. A lock whose process no longer runs is what a crash left,
 * and is taken over (logged); a running one is `data_dir_in_use`. The CLI shares the evidence
 * store with a running app and does not take this lock. `dataDir` must exist.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLockOutcome> {
  const folder = path.resolve(dataDir);
  const file = path.join(folder, lockFileName);
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (await tryCreate(file)) return { ok: true, lock: lockFor(file) };
      const owner = await lockOwner(file);
      if (owner === 'gone') continue;
      // Our own pid in a lock we do not hold is an earlier process's that had the same id (a container restarted).
      const running = owner !== null && (owner === process.pid ? held.has(file) : isProcessRunning(owner));
      if (running) {
        return {
          ok: false,
          error: {
            code: 'data_dir_in_use',
            message: inUse(folder, `another Dispute Desk uses it (process ${owner})`),
          },
        };
      }
      log.warn('taking over the data folder from a Dispute Desk that ended without releasing it (a crash)', { dataDir: folder, stalePid: owner });
      await removeStale(file, owner);
    }
    return { ok: false, error: { code: 'data_dir_in_use', message: inUse(folder, 'another Dispute Desk is starting with it') } };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'data_dir_unwritable',
        message: `Cannot lock the data folder ${folder}: ${(error as Error).message}. Check that you may write there, or choose another folder with --data-dir.`,
      },
    };
  }
}
