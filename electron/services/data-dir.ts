import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** The product name Electron derives the data folder from; both hosts must agree on it. */
export const productName = 'Dispute Desk';

/**
 * The folder Electron's `app.getPath('userData')` would give this app, computed without
 * Electron so the browser host keeps its evidence in the same place on the same machine.
 */
export function defaultDataDir(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), productName);
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', productName);
    default:
      return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), productName);
  }
}

/** Creates the data folder if needed and returns its absolute path. */
export async function ensureDataDir(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  await mkdir(absolute, { recursive: true });
  return absolute;
}
