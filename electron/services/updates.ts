import { access } from 'node:fs/promises';
import path from 'node:path';

/** Whether the desktop app looks for updates, and why not when it does not. */
export type UpdateFeed = { enabled: true; configFile: string } | { enabled: false; reason: string };

/**
 * Updates come from the feed the team hosts, named when the app was packaged
 * (`DESK_UPDATE_URL` → electron-builder's generic provider → `resources/app-update.yml`, which
 * electron-updater reads). Without that file, or outside a packaged app, there are no updates:
 * a development run or the browser host never replaces itself.
 */
export async function updateFeed(options: { isPackaged: boolean; resourcesPath: string }): Promise<UpdateFeed> {
  if (!options.isPackaged) return { enabled: false, reason: 'this is not a packaged app' };
  const configFile = path.join(options.resourcesPath, 'app-update.yml');
  try {
    await access(configFile);
    return { enabled: true, configFile };
  } catch {
    return { enabled: false, reason: 'no update feed was set when this app was packaged (DESK_UPDATE_URL)' };
  }
}
