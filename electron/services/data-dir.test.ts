import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, ensureDataDir } from './data-dir';

describe('defaultDataDir', () => {
  it('matches where Electron keeps userData on each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Dispute Desk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/Dispute Desk');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Dispute Desk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Dispute Desk',
    );
  });
});

describe('ensureDataDir', () => {
  it('creates nested folders and returns an absolute path', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'desk-'));
    const made = await ensureDataDir(path.join(base, 'a', 'b'));
    expect(path.isAbsolute(made)).toBe(true);
    expect((await stat(made)).isDirectory()).toBe(true);
    await rm(base, { recursive: true });
  });

  it('fails clearly when a file stands where the folder should be', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'desk-'));
    await writeFile(path.join(base, 'taken'), 'x');
    await expect(ensureDataDir(path.join(base, 'taken'))).rejects.toThrow(/EEXIST|ENOTDIR/);
    await rm(base, { recursive: true });
  });
});
