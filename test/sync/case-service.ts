// The real case service for the sync tests: PGlite in memory or in a folder (so a restart keeps
// only what was committed), on a loopback port, optionally behind a wrapper that changes how it
// answers some requests (a failure the test wants to provoke).
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeDispute, makeEvidence, makeRequest } from '../../shared/domain/test-fixtures';
import type { Dispute } from '../../shared/domain/model';
import { createCaseService } from '../../server/app';
import { openPglite, type Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { openFolderStore } from '../../server/evidence-store/folder';
import { insertDisputes, seedDemoWorkspace } from '../../server/seed';

/** A request handler, as the service's `fetch`. */
export type Handler = (request: Request) => Response | Promise<Response>;

/** A running case service. */
export interface SyncTestService {
  url: string;
  /** The database now (a restart opens it again). */
  db(): Database;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** What to start: where PGlite keeps its data (memory when absent), the demo disputes to seed, and a wrapper around the service. */
export interface ServiceOptions {
  folder?: string;
  demoDisputes: number;
  wrap?: (service: Handler) => Handler;
  /** The largest evidence file the service accepts by upload, in bytes (its default otherwise). */
  maxUploadBytes?: number;
}

/** Starts the case service with the demo team and `demoDisputes` generated disputes. */
export async function startSyncTestService(options: ServiceOptions): Promise<SyncTestService> {
  let db: Database = await openPglite(options.folder);
  await migrate(db);
  await seedDemoWorkspace(db, { disputes: options.demoDisputes, seed: 7, media: false, now: new Date() });
  // One evidence store for the service's whole life, so a restart keeps what it had, as a real one does.
  const store = openFolderStore(options.folder ? `${options.folder}-evidence` : mkdtempSync(path.join(os.tmpdir(), 'sync-test-evidence-')));
  const handler = (): Handler => {
    const app = createCaseService({ db, store, maxUploadBytes: options.maxUploadBytes });
    const service: Handler = (request) => app.fetch(request);
    return options.wrap ? options.wrap(service) : service;
  };
  const listen = (port: number) =>
    new Promise<ServerType>((resolve) => {
      const server = serve({ fetch: handler(), port, hostname: '127.0.0.1' }, () => resolve(server));
    });
  let server = await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stopServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    db: () => db,
    async restart() {
      await stopServer();
      await db.close();
      db = await openPglite(options.folder);
      server = await listen(port);
    },
    async stop() {
      await stopServer();
      await db.close();
    },
  };
}

/**
 * `count` plain disputes under review, unassigned, each with the buyer's video answering its
 * request on time (something to note) and nothing that stops a full refund: `S-0001`, `S-0002`…
 */
export async function addPlainDisputes(db: Database, count: number): Promise<Dispute[]> {
  const disputes = Array.from({ length: count }, (_, index) => {
    const id = `S-${String(index + 1).padStart(4, '0')}`;
    return makeDispute({ id, state: 'under_review', evidenceRequests: [makeRequest()], evidence: [makeEvidence({ id: `${id}-E1` })] });
  });
  await insertDisputes(db, disputes, new Date().toISOString());
  return disputes;
}
