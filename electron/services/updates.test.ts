import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateFeed } from './updates';

describe('the update feed', () => {
  it('is on in a packaged app whose packaging named a feed', async () => {
    const resources = await mkdtemp(path.join(os.tmpdir(), 'desk-resources-'));
    try {
      await writeFile(path.join(resources, 'app-update.yml'), 'provider: generic\nurl: https://updates.example.com/desk\n');
      await expect(updateFeed({ isPackaged: true, resourcesPath: resources })).resolves.toEqual({ enabled: true, configFile: path.join(resources, 'app-update.yml') });
      await expect(updateFeed({ isPackaged: false, resourcesPath: resources })).resolves.toMatchObject({ enabled: false, reason: /not a packaged app/ });
    } finally {
      await rm(resources, { recursive: true, force: true });
    }
  });

  it('is off, saying why, when packaging named no feed', async () => {
    await expect(updateFeed({ isPackaged: true, resourcesPath: os.tmpdir() + '/desk-no-such-folder' })).resolves.toMatchObject({ enabled: false, reason: /DESK_UPDATE_URL/ });
  });
});
