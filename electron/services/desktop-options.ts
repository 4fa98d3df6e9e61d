import path from 'node:path';
import { parseArgs } from 'node:util';

/** What the desktop app takes from its command line. */
export interface DesktopOptions {
  /** A data folder instead of Electron's `userData` (npm start's `--data-dir`, and the smoke test's isolated folder). */
  dataDir: string | undefined;
}

/**
 * Reads `--data-dir DIR` (or `DESK_DATA_DIR`) from the desktop app's arguments. Electron and
 * Chromium put switches of their own on the same command line, so anything else is left alone.
 */
export function desktopOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DesktopOptions {
  const { values } = parseArgs({ args: [...argv], options: { 'data-dir': { type: 'string' } }, strict: false, allowPositionals: true });
  const chosen = typeof values['data-dir'] === 'string' ? values['data-dir'] : env.DESK_DATA_DIR || undefined;
  return { dataDir: chosen === undefined ? undefined : path.resolve(chosen) };
}
