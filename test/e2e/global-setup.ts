import { existsSync } from 'node:fs';
import path from 'node:path';

/** Refuses to start the end-to-end tests against a missing build, saying how to make one. */
export default function globalSetup(): void {
  const hostScript = path.resolve(import.meta.dirname, '..', '..', 'out', 'main', 'browser-host.js');
  if (!existsSync(hostScript)) {
    throw new Error(`${hostScript} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
}
