// `npm run server`: the case service. With no database configured it keeps its data in PGlite in
// a folder and, on first start, seeds the demo workspace and turns demo mode on.
// `npm run server -- user …` manages the team of a PostgreSQL deployment instead (server/cli/user.ts);
// `npm run server -- archive …` archives the evidence of long-closed disputes (server/cli/archive.ts).
import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../shared/logger';
import { createCaseService } from './app';
import { runArchiveCommand } from './cli/archive';
import { runUserCommand } from './cli/user';
import { openPglite, openPostgres, type Database } from './db/database';
import { migrate } from './db/migrate';
import { demoUsers } from './demo/users';
import { evidenceStoreConfig, evidenceStoreOptions, evidenceStoreUsage, openEvidenceStore } from './evidence-store/config';
import { moveBlobsOut } from './evidence-store/move-out';
import { defaultMaxUploadBytes } from '../shared/sync/transfer-protocol';
import { seedDemoWorkspace, type SeedProgress } from './seed';
import { createSimulator } from './simulator';

const log = createLogger('case-service');

/** How long a stop waits for requests already being answered before it cuts their connections. */
const drainMs = 10_000;

const usage = `Usage: npm run server -- [options]
       npm run server -- user COMMAND   manage the team (see \`user --help\`)
       npm run server -- archive --closed-for-days N   archive old evidence (see \`archive --help\`)
  --port N            listen on port N (default 4000; 0 takes a free one)
  --host ADDRESS      listen address (default 127.0.0.1; 0.0.0.0 to serve a team)
  --data-dir DIR      PGlite data folder when no database URL is given (default .desk-data/case-service)
  --database-url URL  a PostgreSQL server instead of PGlite (also DATABASE_URL)
  --demo / --no-demo  seed the demo workspace and enable the marketplace simulator
                      (default: on with PGlite, off with PostgreSQL)
  --demo-size N       how many demo disputes to generate on first start (default 300)
  --max-upload-bytes N  the largest evidence file accepted (default ${defaultMaxUploadBytes}, 20 GiB)
${evidenceStoreUsage}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '4000' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string', default: path.join('.desk-data', 'case-service') },
        'database-url': { type: 'string' },
        demo: { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        'demo-size': { type: 'string', default: '300' },
        'max-upload-bytes': { type: 'string', default: String(defaultMaxUploadBytes) },
        help: { type: 'boolean' },
        ...evidenceStoreOptions,
      },
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const port = Number(values.port);
    const demoSize = Number(values['demo-size']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
    if (!Number.isInteger(demoSize) || demoSize < 0) fail(`--demo-size must be a whole number, not "${values['demo-size']}".`);
    const maxUploadBytes = Number(values['max-upload-bytes']);
    if (!/^[0-9]{1,16}$/.test(values['max-upload-bytes']) || !Number.isSafeInteger(maxUploadBytes) || maxUploadBytes < 1) {
      fail(`--max-upload-bytes must be a whole number of bytes, not "${values['max-upload-bytes'].slice(0, 40)}".`);
    }
    const store = evidenceStoreConfig(values, values['data-dir'], process.env);
    if (!store.ok) fail(store.message);
    const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
    const demo = values['no-demo'] ? false : (values.demo ?? !databaseUrl);
    return { port, host: values.host, dataDir: values['data-dir'], databaseUrl, demo, demoSize, maxUploadBytes, store: store.config };
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
}

async function open(databaseUrl: string | undefined, dataDir: string): Promise<Database> {
  try {
    if (databaseUrl) return await openPostgres(databaseUrl);
    await mkdir(dataDir, { recursive: true });
    return await openPglite(path.resolve(dataDir));
  } catch (error) {
    const where = databaseUrl ? `the PostgreSQL server at ${new URL(databaseUrl).host}` : `the data folder ${dataDir}`;
    fail(`The case service cannot open ${where}: ${(error as Error).message}`);
  }
}

/** One line per step of a first seeding, so a first start never sits silent on a terminal. */
function printSeedProgress(progress: SeedProgress): void {
  const what = progress.step === 'evidence' ? 'evidence files made' : 'disputes written';
  process.stdout.write(`Seeding the demo workspace: ${progress.done}/${progress.total} ${what}\n`);
}

async function main(): Promise<void> {
  // npm start reads this output through a pipe; if it goes away first, a log line must not end
  // the service with an EPIPE.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const config = options();
  const db = await open(config.databaseUrl, config.dataDir);
  await migrate(db);
  const store = openEvidenceStore(config.store);
  // Evidence kept in the database by services before decision 0020 moves into the store first.
  const moved = await moveBlobsOut(db, store);
  if (moved.corrupt.length > 0) log.error('evidence files left in the database: their bytes do not hash to their digests', { sha256: moved.corrupt });
  let seeded = false;
  const samplesDir = path.resolve(config.dataDir, 'sample-evidence');
  if (config.demo) {
    const result = await seedDemoWorkspace(db, { store, disputes: config.demoSize, seed: 1, media: true, now: new Date(), onProgress: printSeedProgress });
    seeded = result.seeded;
    // The same files as the workspace's evidence, on disk, for trying "Bring in evidence": they
    // include edited photos, a near duplicate and files over the 2 MB upload limit.
    if (seeded && result.media.length > 0) {
      await mkdir(samplesDir, { recursive: true });
      for (const item of result.media) await writeFile(path.join(samplesDir, item.fileName), item.bytes);
    }
  }
  const app = createCaseService({ db, store, maxUploadBytes: config.maxUploadBytes, accessLog: true, ...(config.demo && { demo: createSimulator(db, { seed: Date.now() }) }) });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const where = `${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${path.resolve(config.dataDir)}`}, evidence in ${store.where}`;
    const lines = [`Dispute Desk case service at http://${config.host}:${info.port} (${where}${config.demo ? ', demo mode' : ''})`];
    if (seeded) lines.push(`Seeded the demo workspace with ${config.demoSize} disputes.`);
    if (config.demo && existsSync(samplesDir)) lines.push(`Sample evidence files to bring into a case: ${samplesDir}`);
    if (config.demo) {
      lines.push('Demo users (passwords for this demo workspace only):');
      for (const user of demoUsers) lines.push(`  ${user.username.padEnd(10)} ${user.password.padEnd(16)} ${user.name} (${user.role.replace('_', ' ')})`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  server.on('error', (error: NodeJS.ErrnoException) =>
    fail(error.code === 'EADDRINUSE' ? `Port ${config.port} is in use. Choose another with --port.` : error.message),
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal while draining means "now".
    if (stopping) process.exit(1);
    stopping = true;
    log.info('stopping: no new connections; answering the requests under way', { signal, drainMs });
    // Poke streams never end on their own: they end first, and their desks reconnect elsewhere.
    app.pokes.close();
    app.presence.close();
    void drain(server).then(async (cut) => {
      if (cut > 0) log.warn('stopped waiting for requests still under way', { connections: cut });
      await db.close();
      log.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Stops accepting connections and waits, at most `drainMs`, for the requests under way to be
 * answered; idle keep-alive connections are closed as they become idle. Resolves with how many
 * connections were still busy and had to be cut.
 */
function drain(server: ServerType): Promise<number> {
  const http = server as ServerType & { closeIdleConnections(): void; closeAllConnections(): void };
  return new Promise((resolve) => {
    let busy = 0;
    const idle = setInterval(() => http.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      http.getConnections((_error, count) => {
        busy = count;
        http.closeAllConnections();
      });
    }, drainMs);
    http.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      resolve(busy);
    });
    http.closeIdleConnections();
  });
}

if (process.argv[2] === 'user') void runUserCommand(process.argv.slice(3));
else if (process.argv[2] === 'archive') void runArchiveCommand(process.argv.slice(3));
else void main();
