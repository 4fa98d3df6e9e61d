// Run by the evidence-upload benchmarks in a process of its own, so its resident memory is the
// case service's alone: `evidence-service-child STORE_DIR` starts a service on PGlite in memory
// with one signed-in case manager and a folder store in STORE_DIR, and prints one JSON line with
// its address and a token. It runs until killed.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCaseService } from '../../server/app';
import { openPglite } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { openFolderStore } from '../../server/evidence-store/folder';
import { addBenchUser } from './service';

async function main(): Promise<void> {
  const [storeDir] = process.argv.slice(2);
  if (!storeDir) throw new Error('usage: evidence-service-child STORE_DIR');
  const db = await openPglite();
  await migrate(db);
  await addBenchUser(db);
  const app = createCaseService({ db, store: openFolderStore(storeDir) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'bench', password: 'bench' }) });
  const { token } = (await login.json()) as { token: string };
  process.stdout.write(`${JSON.stringify({ url, token })}\n`);
}

void main();
