import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../../shared/logger';
import { ObjectStore } from './object-store';

let work: string;
let live: ChildProcess;
const logged: Parameters<LogSink>[0][] = [];
let previousSink: LogSink;

/** The id of a process that ran and has ended. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-object-store-'));
  live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => live.once('spawn', resolve));
  previousSink = setLogSink((record) => logged.push(record));
});
afterEach(() => {
  logged.length = 0;
});
afterAll(async () => {
  setLogSink(previousSink);
  live.kill();
  await rm(work, { recursive: true, force: true });
});

describe('temporaries of several processes sharing one store', () => {
  it('removes the folder of a process that is gone, keeps one of a running process, and logs what it recovered', async () => {
    const root = path.join(work, 'shared');
    const dead = await endedPid();
    const deadFolder = path.join(root, 'tmp', `${dead}-0a1b2c`);
    const liveFolder = path.join(root, 'tmp', `${live.pid}-3d4e5f`);
    await mkdir(deadFolder, { recursive: true });
    await mkdir(liveFolder, { recursive: true });
    await writeFile(path.join(deadFolder, 'half-written.part'), Buffer.alloc(1024, 1));
    await writeFile(path.join(liveFolder, 'being-written.part'), Buffer.alloc(1024, 2));
    await writeFile(path.join(root, 'tmp', 'old-layout.part'), 'left by a crash of an earlier version');
    await writeFile(path.join(root, 'tmp', 'notes.txt'), 'not ours');

    const store = await ObjectStore.open(root);
    try {
      const left = (await readdir(path.join(root, 'tmp'))).sort();
      expect(left).toEqual([path.basename(liveFolder), 'notes.txt', path.basename(store.temporaryDir)].sort());
      expect(await readdir(liveFolder)).toEqual(['being-written.part']);
      expect(path.basename(store.temporaryDir)).toMatch(new RegExp(`^${process.pid}-[0-9a-f]+$`));
      expect(logged).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 'info', module: 'object-store', folder: deadFolder, pid: dead, files: 1 }),
          expect.objectContaining({ level: 'info', file: path.join(root, 'tmp', 'old-layout.part') }),
          expect.objectContaining({ level: 'warn', path: path.join(root, 'tmp', 'notes.txt') }),
        ]),
      );
      expect(logged.some((record) => record.folder === liveFolder)).toBe(false);
    } finally {
      store.close();
    }
  });

  it('gives two stores of one process folders of their own; opening the second leaves the first one writing', async () => {
    const root = path.join(work, 'twice');
    const first = await ObjectStore.open(root);
    const second = await ObjectStore.open(root);
    try {
      expect(first.temporaryDir).not.toBe(second.temporaryDir);
      const stored = await first.put(Readable.from([Buffer.from('evidence bytes')]));
      expect(await second.has(stored.sha256)).toBe(true);
      expect(await readdir(first.temporaryDir)).toEqual([]);
    } finally {
      first.close();
      second.close();
    }
  });

  it('removes its own folder on close', async () => {
    const root = path.join(work, 'closed');
    const store = await ObjectStore.open(root);
    store.close();
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });
});
