// `npm start`: build; start the embedded case service (unless DESK_SERVICE_URL names one); then
// run the Electron app, or — where the Electron runtime cannot be had (no binary and no way to
// download it, as on locked-down machines and CI) — say so in one line and start the browser
// host instead.
//
// The service and the app live separately: the service can be stopped and started again from
// the terminal (to show the app working offline) or can fail, and the app keeps running; the app
// ending ends everything. Both keep their ports across runs (remembered in the demo folder), so
// the app's address, its IndexedDB and the signed-in session survive a restart of either.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const usage = `Usage: npm start -- [options]
  --port N             the app's port in the browser host (default: the one it had last time)
  --data-dir DIR       the app's data folder (default: the folder Electron would use)
  --service-port N     the embedded case service's port (default: the one it had last time;
                       the first time 4000, or a free port when 4000 is taken)
  --demo-dir DIR       where the embedded case service keeps the demo workspace and the
                       remembered ports (default .desk-data)
  --demo-size N        disputes in a new demo workspace (default 300)
  --no-build           start what the last build made
While it runs, type s (and Enter when not in a terminal) to stop the embedded case service and
see the app work offline, s again to start it; q quits.`;

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function portOption(name, value) {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--${name} must be a whole number from 0 to 65535, not "${value}".`);
  return port;
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'service-port': { type: 'string' },
        'demo-dir': { type: 'string', default: '.desk-data' },
        'demo-size': { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail(`${error.message}\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return {
    appPort: portOption('port', values.port),
    dataDir: values['data-dir'],
    servicePort: portOption('service-port', values['service-port']),
    demoDir: path.resolve(values['demo-dir']),
    demoSize: values['demo-size'],
    build: !values['no-build'],
  };
}

const options = readOptions();
const memoryFile = path.join(options.demoDir, 'start.json');

/** The ports the last run used, or nothing when there was none or the file is unreadable. */
function readMemory() {
  try {
    const stored = JSON.parse(readFileSync(memoryFile, 'utf8'));
    const valid = (port) => (Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined);
    return { servicePort: valid(stored.servicePort), appPort: valid(stored.appPort) };
  } catch {
    return {};
  }
}

function remember(patch) {
  mkdirSync(options.demoDir, { recursive: true });
  writeFileSync(memoryFile, `${JSON.stringify({ ...readMemory(), ...patch }, null, 2)}\n`);
}

/** Whether 127.0.0.1:port can be listened on now; 0 asks for any free port and returns it. */
function tryListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const taken = server.address().port;
      server.close(() => resolve(taken));
    });
  });
}

async function choosePort(explicit, remembered, first, what, flag) {
  if (explicit !== undefined) {
    const port = await tryListen(explicit);
    if (port === null) fail(`Port ${explicit} is in use. Choose another ${what} port with ${flag}.`);
    return port;
  }
  if (remembered !== undefined) {
    if ((await tryListen(remembered)) !== null) return remembered;
    const free = await tryListen(0);
    say(`Port ${remembered}, which the ${what} had last time, is in use by another program; using ${free} instead.`);
    return free;
  }
  return first !== undefined && (await tryListen(first)) !== null ? first : tryListen(0);
}

function say(line) {
  process.stdout.write(`${line}\n`);
}

// ---- The app, and ending everything ----

let app;
let quitting = false;

async function quit(code) {
  if (quitting) return;
  quitting = true;
  if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGTERM');
  await stopService();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void quit(0));

// ---- The embedded case service ----

let serviceUrl = process.env.DESK_SERVICE_URL;
const embedded = !serviceUrl;
let servicePort;
/** The running service: its process, and whether it is being stopped on purpose. */
let service;

/** Starts the embedded service on servicePort and resolves with its address once it listens. */
function startService() {
  const args = [tsx, path.join(root, 'server', 'main.ts'), '--port', String(servicePort), '--data-dir', path.join(options.demoDir, 'case-service')];
  if (options.demoSize !== undefined) args.push('--demo-size', options.demoSize);
  // The demo service is always PGlite in the demo folder: a DATABASE_URL in the shell is for
  // `npm run server`, and would turn the demo workspace off.
  const serviceEnv = { ...process.env };
  delete serviceEnv.DATABASE_URL;
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: serviceEnv });
  const running = { child, stopping: false };
  service = running;
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      say(line);
      const match = /case service at (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code, signal) => {
      if (service === running) service = undefined;
      reject(new Error(`The case service exited (${signal ?? `code ${code}`}) before it was ready.`));
      if (!running.stopping && !quitting && app) {
        say(`The case service stopped (${signal ?? `exit code ${code}`}). The app keeps running and works offline; type s to start the service again.`);
      }
    });
  });
}

function stopService() {
  const running = service;
  if (!running) return Promise.resolve();
  running.stopping = true;
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGTERM');
  });
}

async function toggleService() {
  if (!embedded) {
    say('This app syncs with the case service at DESK_SERVICE_URL, which npm start does not run; stop it where it runs.');
    return;
  }
  if (service) {
    say('Stopping the case service…');
    await stopService();
    say('The case service is stopped. The app keeps working offline: changes wait on this computer and are sent when it is back. Type s to start it again.');
    return;
  }
  say(`Starting the case service on port ${servicePort}…`);
  try {
    await startService();
    say('The case service is back. The app sends what waited within a few seconds.');
  } catch (error) {
    say(`${error.message} The app keeps working offline; type s to try again.`);
  }
}

/** Keys in a terminal, or lines when the input is a pipe (as in the tests). */
function listenForKeys() {
  const act = (key) => {
    if (key === 's') void toggleService();
    if (key === 'q' || key === '\u0003') void quit(0);
  };
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      for (const key of chunk.toLowerCase()) act(key);
    });
  } else {
    createInterface({ input: process.stdin }).on('line', (line) => act(line.trim().toLowerCase()));
  }
}

// ---- Start-up, one line per stage ----

const stages = embedded ? 3 : 2;
let stage = 0;
const stageLine = (text) => say(`[${++stage}/${stages}] ${text}`);

if (options.build) {
  const started = Date.now();
  stageLine('Building the app…');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) fail('Dispute Desk did not build; the errors are above.');
  say(`      built in ${Math.round((Date.now() - started) / 1000)} s.`);
} else {
  stageLine('Using the last build (--no-build).');
  if (!existsSync(path.join(root, 'out', 'main', 'browser-host.js'))) fail('There is no build yet: run npm start without --no-build, or npm run build.');
}

if (embedded) {
  const memory = readMemory();
  servicePort = await choosePort(options.servicePort, memory.servicePort, 4000, 'case service', '--service-port');
  remember({ servicePort });
  stageLine(`Starting the embedded case service on port ${servicePort} (the first start also makes the demo workspace)…`);
  try {
    serviceUrl = await startService();
  } catch (error) {
    fail(`${error.message} Its message is above.`);
  }
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
const appArgs = options.dataDir === undefined ? [] : ['--data-dir', options.dataDir];

let servingLine;
if (electronBinary && existsSync(electronBinary)) {
  stageLine('Starting the Electron app…');
  app = spawn(electronBinary, [root, ...appArgs], { cwd: root, stdio: 'inherit', env });
  servingLine = Promise.resolve();
} else {
  const appPort = await choosePort(options.appPort, readMemory().appPort, undefined, 'app', '--port');
  stageLine('Starting the app in the browser host…');
  say(
    'The Electron runtime is not available on this machine (its binary is not installed and could not be downloaded); starting the browser host instead.',
  );
  app = spawn(process.execPath, [path.join(root, 'out', 'main', 'browser-host.js'), '--port', String(appPort), ...appArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  servingLine = new Promise((resolve) => {
    createInterface({ input: app.stdout }).on('line', (line) => {
      say(line);
      const match = /serving at http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      if (match) {
        remember({ appPort: Number(match[1]) });
        resolve();
      }
    });
  });
}
app.on('exit', (code, signal) => void quit(signal ? 1 : (code ?? 1)));

await servingLine;
say(
  embedded
    ? 'Ready. Type s to stop the case service and see the app work offline, s again to start it; q quits.'
    : 'Ready. Type q to quit.',
);
listenForKeys();
