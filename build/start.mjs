// `npm start`: build, then run the Electron app; where the Electron runtime cannot be had (no
// binary and no way to download it, as on locked-down machines and CI), say so in one line and
// start the browser host instead, with the same arguments (`npm start -- --port 5173`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}

const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  process.stderr.write('Dispute Desk did not build; the errors are above.\n');
  process.exit(build.status ?? 1);
}

// Asking the electron package for its binary downloads it when missing; any failure means no
// Electron here. Its output is captured so a failed download does not bury the one-line notice.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root,
  encoding: 'utf8',
  timeout: 120_000,
});
const electronBinary = probe.status === 0 ? probe.stdout.trim() : '';

if (electronBinary && existsSync(electronBinary)) {
  run(electronBinary, [root, ...args]);
} else {
  process.stderr.write(
    'The Electron runtime is not available on this machine (its binary is not installed and could not be downloaded); starting the browser host instead.\n',
  );
  run(process.execPath, [path.join(root, 'out', 'main', 'browser-host.js'), ...args]);
}
