import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { version } from '../package.json';
import { createBrowserHostApp } from './browser-host/app';
import { createBrowserHostServer } from './browser-host/http-server';
import { addLogSink } from '../shared/logger';
import { defaultDataDir, ensureDataDir } from './services/data-dir';
import { stopChildProcesses } from './services/child-processes';
import { acquireDataDirLock } from './services/data-dir-lock';
import { currentServiceUrl, type MediaVariant } from './services/desk-handlers';
import { createStartedDeskHandlers, createStartedDeskMedia, startDesk } from './services/desk-start';
import { openLogFile } from './services/log-file';
import { securityHeaders, serviceOriginOf } from './services/security-headers';

const usage = `Usage: browser-host [--port N] [--data-dir DIR] [--ask-passphrase]
  --port N          listen on 127.0.0.1:N (default: a free port)
  --data-dir DIR    where evidence and settings live (default: the Electron app's data folder)
  --ask-passphrase  a data folder without a key asks in the window for a passphrase to protect
                    one, as the desktop app does where the OS has no keychain (default: a key
                    file beside the store, readable by you alone — weaker)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function readOptions(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'ask-passphrase': { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const port = Number(parsed.values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a whole number from 0 to 65535, not "${parsed.values.port}".`);
  }
  return { port, dataDir: parsed.values['data-dir'] ?? defaultDataDir(process.platform, process.env, os.homedir()), askPassphrase: parsed.values['ask-passphrase'] === true };
}

async function main() {
  // Whoever started the host (npm start, a test) may go away first; a log line written to its
  // closed pipe must not take the host down with an EPIPE.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const options = readOptions(process.argv.slice(2));
  const dataDir = await ensureDataDir(options.dataDir).catch((error: Error) =>
    fail(`Cannot use the data folder ${options.dataDir}: ${error.message}. Choose another with --data-dir.`),
  );
  // One app per data folder; the lock goes when the process exits (stop() below exits).
  const locked = await acquireDataDirLock(dataDir);
  if (!locked.ok) fail(locked.error.message);
  // Every module's records go to the data folder's log file from here on, and still to the console.
  const logDir = path.join(dataDir, 'logs');
  addLogSink(openLogFile(logDir).sink);
  const token = randomBytes(32).toString('base64url');
  // The default until the user saves another address in the app (first-run screen or Settings).
  const defaultServiceUrl = process.env.DESK_SERVICE_URL || null;
  const mediaKey = randomBytes(24).toString('base64url');
  let origin = '';
  const mediaUrl = (sha256: string, variant: MediaVariant) =>
    `${origin}/media/${sha256}${variant === 'object' ? '' : `/${variant}`}?key=${mediaKey}`;
  // Plain case records only when asked, for the benchmark that sets sealing against none.
  const plainRecords = process.env.DESK_PLAIN_RECORDS === '1';
  // A desk whose key needs a passphrase starts locked: the window asks for it (app.unlock).
  const started = await startDesk(dataDir, mediaUrl, defaultServiceUrl, { plainRecords, askForNewKey: options.askPassphrase }).catch((error: Error) =>
    fail(`Cannot open the evidence store in ${dataDir}: ${error.message}`),
  );
  const context = { host: 'browser', version, dataDir, defaultServiceUrl, logDir } as const;
  const handlers = createStartedDeskHandlers(context, started);
  const serviceOrigin = () => serviceOriginOf(currentServiceUrl(context, started));
  const media = { key: mediaKey, handler: createStartedDeskMedia(started) };
  // While the desk is locked no ingestion job is open, so an upload has nowhere to go (null).
  const upload = (jobId: string, name: string, sizeBytes: number | null, body: ReadableStream<Uint8Array>) =>
    started.services()?.jobs.addStream(jobId, name, () => Readable.fromWeb(body as NodeReadableStream<Uint8Array>), sizeBytes) ?? null;
  const rendererDir = path.join(import.meta.dirname, '..', 'renderer');

  let app: ReturnType<typeof createBrowserHostApp> | undefined;
  const server = createBrowserHostServer({
    fetch: (request: Request) => (app ? app.fetch(request) : new Response('Starting', { status: 503 })),
    headers: () => securityHeaders(serviceOrigin()),
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`Port ${options.port} is already in use. Choose another with --port, or leave it out to take a free one.`);
    fail(`The browser host could not listen: ${error.message}`);
  });
  server.listen(options.port, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    app = createBrowserHostApp({ token, origin, rendererDir, handlers, serviceOrigin, media, upload });
    process.stdout.write(`Dispute Desk is serving at ${origin}/#token=${token}\n`);
  });

  // A paused <video> keeps its ranged response open; close every connection so stopping never waits on one.
  // The index is closed and this process's temporaries removed before it goes, as Electron's before-quit does.
  const stop = () => {
    server.close(() => {
      stopChildProcesses();
      started.services()?.evidence.close();
      process.exit(0);
    });
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
