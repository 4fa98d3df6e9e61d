import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const electronPackage = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'electron');

/**
 * The Electron binary if the electron package has one on disk. Looked up without
 * `require('electron')`, which would try to download it.
 */
export function installedElectronBinary(): string | undefined {
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Why the Electron smoke test did not run here. */
export const electronSkipReason =
  'the Electron binary is not installed on this machine (node_modules/electron has no dist/ and it cannot be downloaded here), so the Electron host was not exercised; the browser host tests cover the same renderer and services.';
