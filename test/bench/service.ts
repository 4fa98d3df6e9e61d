import { serve } from '@hono/node-server';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../../server/auth';
import { createCaseService } from '../../server/app';
import { openPglite, type Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { generateDisputes } from '../../server/demo/generate';
import { insertDisputes } from '../../server/seed';
import type { Dispute } from '../../shared/domain/model';

/** A case service on PGlite (the embedded default) on loopback, with one signed-in case manager. */
export interface BenchService {
  db: Database;
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** Signs up the one case manager benchmarks act as: `bench`, password `bench`. */
export async function addBenchUser(db: Database): Promise<void> {
  await db.query('INSERT INTO users (id, username, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', ['u-bench', 'bench', 'Bench', 'case_manager', await hashPassword('bench')]);
}

/**
 * Starts a fresh service holding `disputes`, on an in-memory PGlite unless `open` gives another
 * database (a scratch schema on PostgreSQL), migrated here and closed by `stop`.
 */
export async function startBenchService(disputes: Dispute[], open: () => Promise<Database> = openPglite): Promise<BenchService> {
  const db = await open();
  await migrate(db);
  await addBenchUser(db);
  await insertDisputes(db, disputes, new Date().toISOString());
  const app = createCaseService({ db });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'bench', password: 'bench' }) });
  const { token } = (await login.json()) as { token: string };
  return {
    db,
    url,
    token,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    },
  };
}

/** Disputes for a benchmark, from the demo generator. */
export function benchDisputes(count: number): Dispute[] {
  return generateDisputes({ count, seed: 7, now: new Date().toISOString() });
}

/** The same disputes made rulable: under review, unassigned, not ruled. */
export function rulable(disputes: Dispute[]): Dispute[] {
  return disputes.map((dispute) => ({ ...dispute, state: 'under_review', assignee: undefined, ruling: undefined, closedAt: undefined }));
}

/**
 * The baseline of the ruling benchmarks: the same disputes written straight into the table as
 * ruled, one transaction each. Returns the milliseconds it took.
 */
export async function timeDirectRulings(db: Database, disputes: Dispute[]): Promise<number> {
  const started = performance.now();
  for (const [index, dispute] of disputes.entries()) {
    await db.transaction(async (tx) => {
      const ruled = { ...dispute, state: 'ruled', version: 10 * disputes.length + index };
      await tx.query('UPDATE disputes SET doc = $2, state = $3, version = $4 WHERE id = $1', [dispute.id, JSON.stringify(ruled), 'ruled', ruled.version]);
    });
  }
  return performance.now() - started;
}
