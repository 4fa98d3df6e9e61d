import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLogFile } from './log-file';

describe('the log file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'desk-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one JSON line per record, creating the folder', async () => {
    const logDir = path.join(dir, 'logs');
    const log = openLogFile(logDir);
    log.sink({ level: 'warn', module: 'ingest', message: 'a file shrank while it was read', fileName: 'a.jpg' });
    log.sink({ level: 'error', module: 'renderer.sync', message: 'pull failed' });
    expect(log.file).toBe(path.join(logDir, 'desk.log'));
    const lines = (await readFile(log.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', module: 'ingest', message: 'a file shrank while it was read', fileName: 'a.jpg', time: expect.any(String) }),
      expect.objectContaining({ level: 'error', module: 'renderer.sync', message: 'pull failed' }),
    ]);
  });

  it('rotates past its size, keeping one older file, so the folder stays bounded', async () => {
    const log = openLogFile(dir, 10_000);
    for (let i = 0; i < 400; i++) log.sink({ level: 'info', module: 'test', message: `line ${i} ${'x'.repeat(80)}` });
    expect((await stat(log.file)).size).toBeLessThanOrEqual(10_000 + 200);
    const older = await readFile(path.join(dir, 'desk.old.log'), 'utf8');
    expect(older).toContain('"module":"test"');
    expect(await readFile(log.file, 'utf8')).toContain('line 399');
  });
});
