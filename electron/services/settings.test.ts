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
    expect(reopened.get()).toEqual({ linkHosts: ['dropbox.com'], serviceUrl: 'https://desk.example.com', evidenceSpaceLimitBytes: 20 * 1024 ** 3 });
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
    expect(settings.get()).toEqual({ linkHosts: ['box.com'], serviceUrl: null, evidenceSpaceLimitBytes: 20 * 1024 ** 3 });
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ linkHosts: ['box.com'] });
  });
});

describe('the space limit for evidence fetched in the background', () => {
  it('defaults to 20 GiB, keeps a new limit across a restart, and refuses one under 1 GiB', async () => {
    const settings = await SettingsFile.open(dataDir);
    expect(settings.get().evidenceSpaceLimitBytes).toBe(20 * 1024 ** 3);
    await settings.update({ evidenceSpaceLimitBytes: 5 * 1024 ** 3 });
    expect((await SettingsFile.open(dataDir)).get().evidenceSpaceLimitBytes).toBe(5 * 1024 ** 3);
    await expect(settings.update({ evidenceSpaceLimitBytes: 1024 })).rejects.toThrow();
    expect(settings.get().evidenceSpaceLimitBytes).toBe(5 * 1024 ** 3);
  });
});
