// `npm start`: build; start the embedded case service (unless DESK_SERVICE_URL names one); then
// run the Electron app, or — where the Electron runtime cannot be had (no binary and no way to
// download it, as on locked-down machines and CI) — say so in one line and start the browser
// host instead, with the same arguments (`npm start -- --port 5173`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const children = [];

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

function run(command, commandArgs, options = {}) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  children.push(child);
  child.on('exit', (code, signal) => stopAll(signal ? 1 : (code ?? 1)));
  return child;
}

const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  process.stderr.write('Dispute Desk did not build; the errors are above.\n');
  process.exit(build.status ?? 1);
}

// The embedded case service: PGlite in .desk-data/, seeded with the demo workspace on first start.
let serviceUrl = process.env.DESK_SERVICE_URL;
if (!serviceUrl) {
  const service = run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'server', 'main.ts'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: service.stdout });
  serviceUrl = await new Promise((resolve) => {
    lines.on('line', (line) => {
      process.stdout.write(`${line}\n`);
      const match = /case service at (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]);
    });
  });
}

// Asking the electron package for its binary downloads it when missing; any failure means no
// Electron here. Its output is captured so a failed download does not bury the one-line notice.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root,
  encoding: 'utf8',
  timeout: 120_000,
});
const electronBinary = probe.status === 0 ? probe.stdout.trim() : '';
const env = { ...process.env, DESK_SERVICE_URL: serviceUrl };

if (electronBinary && existsSync(electronBinary)) {
  run(electronBinary, [root, ...args], { env });
} else {
  process.stderr.write(
    'The Electron runtime is not available on this machine (its binary is not installed and could not be downloaded); starting the browser host instead.\n',
  );
  run(process.execPath, [path.join(root, 'out', 'main', 'browser-host.js'), ...args], { env });
}
