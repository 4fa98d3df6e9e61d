import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../shared/logger';
import { serviceUrlOf, SettingsFile } from './settings';

let dataDir: string;
let previousSink: LogSink;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-settings-'));
  previousSink = setLogSink(() => undefined);
});
afterEach(async () => {
  setLogSink(previousSink);
  await rm(dataDir, { recursive: true });
});

describe('the case service address in settings', () => {
  it('has none saved at first, so the host’s default (DESK_SERVICE_URL) is used', async () => {
    const settings = await SettingsFile.open(dataDir);
    expect(settings.get().serviceUrl).toBeNull();
    expect(serviceUrlOf(settings.get(), 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(serviceUrlOf(settings.get(), null)).toBeNull();
  });

  it('keeps a saved address across a restart, ahead of the default, beside the other settings', async () => {
    const settings = await SettingsFile.open(dataDir);
    await settings.update({ linkHosts: ['dropbox.com'] });
    await settings.update({ serviceUrl: 'https://desk.example.com' });
    const reopened = await SettingsFile.open(dataDir);
    expect(reopened.get()).toEqual({ linkHosts: ['dropbox.com'], serviceUrl: 'https://desk.example.com' });
    expect(serviceUrlOf(reopened.get(), 'http://127.0.0.1:4000')).toBe('https://desk.example.com');
  });

  it.each(['not an address', 'https://desk.example.com/api', 'ftp://desk.example.com', 'https://desk.example.com/', 42])(
    'sets aside a file whose address is %j, and starts from the defaults',
    async (serviceUrl) => {
      await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ linkHosts: ['box.com'], serviceUrl }));
      const settings = await SettingsFile.open(dataDir);
      expect(settings.get().serviceUrl).toBeNull();
      const files = await readdir(dataDir);
      expect(files.some((name) => name.startsWith('settings.json.unreadable-'))).toBe(true);
    },
  );

  it('reads a settings file from before addresses were saved', async () => {
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ linkHosts: ['box.com'] }));
    const settings = await SettingsFile.open(dataDir);
    expect(settings.get()).toEqual({ linkHosts: ['box.com'], serviceUrl: null });
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ linkHosts: ['box.com'] });
  });
});
