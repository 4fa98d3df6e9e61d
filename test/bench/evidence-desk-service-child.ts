// Run by the desk's evidence benchmarks (download, resume) in a process of its own, as the case service runs beside a desk:
// `evidence-desk-service-child STORE_DIR [PART_BYTES]` starts the service on loopback with its folder
// store in STORE_DIR and one signed-in user, prints `{"url","token"}` on one line, and stops when
// its standard input closes.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCaseService } from '../../server/app';
import { hashPassword } from '../../server/auth';
import { openPglite } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { openFolderStore } from '../../server/evidence-store/folder';
import { setLogSink } from '../../shared/logger';

async function main(): Promise<void> {
  const [dir, partBytes] = process.argv.slice(2);
  if (!dir) throw new Error('usage: evidence-desk-service-child STORE_DIR [PART_BYTES]');
  setLogSink(() => undefined);
  const db = await openPglite();
  await migrate(db);
  await db.query('INSERT INTO users (id, username, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', ['u-bench', 'bench', 'Bench', 'case_manager', await hashPassword('bench')]);
  const app = createCaseService({ db, store: openFolderStore(dir), ...(partBytes !== undefined && { uploadPartBytes: Number(partBytes) }) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'bench', password: 'bench' }) });
  const { token } = (await login.json()) as { token: string };
  process.stdout.write(`${JSON.stringify({ url, token })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    server.close();
    void db.close().then(() => process.exit(0));
  });
}

void main();
