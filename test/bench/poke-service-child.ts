// Run by the poke-fanout benchmark in a process of its own, so that its memory is the case
// service's alone: `poke-service-child STREAMS DISPUTES` starts a service on PGlite in memory with
// one signed-in case manager, DISPUTES unassigned disputes under review, and room for STREAMS poke
// streams; beside it, on another port, the bare server of the benchmark's baseline. It sends its
// addresses over IPC and answers `memory` with process.memoryUsage() after a garbage collection
// (started with --expose-gc). It runs until killed.
import { serve } from '@hono/node-server';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCaseService } from '../../server/app';
import { openPglite } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { insertDisputes } from '../../server/seed';
import { addBenchUser, benchDisputes, rulable } from './service';

/** What the child tells the benchmark once both servers listen. */
export interface PokeChildReady {
  url: string;
  token: string;
  /** The bare server: `GET /stream` holds a response open, `POST /write` writes one event to every held one. */
  bareUrl: string;
  /** Each dispute the benchmark may claim, with its version now. */
  disputes: { id: string; version: number }[];
}

/**
 * The baseline's server: plain node:http, no framework, no sign-in, no database. It holds each
 * `GET /stream` open after a first `hello`, and `POST /write` writes one `change` event to every
 * stream held, then answers.
 */
function startBareServer(): Promise<string> {
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write('event: hello\ndata: {}\n\n');
      held.add(response);
      response.on('close', () => held.delete(response));
      return;
    }
    if (request.method === 'POST' && request.url === '/write') {
      for (const stream of held) stream.write('event: change\ndata: {}\n\n');
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function main(): Promise<void> {
  const [streams, disputeCount] = process.argv.slice(2).map(Number);
  if (!streams || !disputeCount) throw new Error('usage: poke-service-child STREAMS DISPUTES');
  const db = await openPglite();
  await migrate(db);
  await addBenchUser(db);
  await insertDisputes(db, rulable(benchDisputes(disputeCount)), new Date().toISOString());
  // Every stream is the one bench user's: a desk holds one, and a person at most 8 (perUser), so
  // the benchmark raises perUser rather than signing in hundreds of users. The fan-out a change
  // costs is the same: one write per open stream, whoever holds it.
  const app = createCaseService({ db, pokeLimits: { perUser: streams + 8, total: streams + 8 } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'bench', password: 'bench' }) });
  const { token } = (await login.json()) as { token: string };
  const disputes = await db.query<{ id: string; version: number }>('SELECT id, version::int AS version FROM disputes ORDER BY id');
  const ready: PokeChildReady = { url, token, bareUrl: await startBareServer(), disputes };
  process.on('message', (message) => {
    if (message !== 'memory') return;
    globalThis.gc?.();
    process.send!(process.memoryUsage());
  });
  // Setting up frees hundreds of MB at the first collection (hashing, PGlite's start): not the streams'.
  globalThis.gc?.();
  process.send!(ready);
}

void main();
