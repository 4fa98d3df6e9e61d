import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCaseService, type CaseService } from '../../server/app';
import { openPglite, type Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { seedDemoWorkspace } from '../../server/seed';
import { createSimulator } from '../../server/simulator';

/** A real case service (PGlite in memory, the demo workspace without media) on a loopback port. */
export interface RunningService {
  url: string;
  db: Database;
  /** Plays the marketplace on the service's data, as its demo endpoint does. */
  simulate(event: { type: string; disputeId?: string }): Promise<unknown>;
  /** Stops answering, as when the connection is cut; the data stays. */
  pause(): Promise<void>;
  /** Answers again on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

interface Listening {
  server: ServerType;
  app: CaseService;
}

function listen(db: Database, port: number): Promise<Listening> {
  const app = createCaseService({ db });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve({ server, app }));
  });
}

/** Stops as server/main.ts does: poke streams and the presence relay end first, as they never end on their own. */
function close({ server, app }: Listening): Promise<void> {
  app.pokes.close();
  app.presence.close();
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

/** Starts the service with `disputes` demo disputes. */
export async function startCaseService(disputes: number): Promise<RunningService> {
  const db = await openPglite();
  await migrate(db);
  await seedDemoWorkspace(db, { disputes, seed: 1, media: false, now: new Date() });
  let server = await listen(db, 0);
  const port = (server.server.address() as AddressInfo).port;
  const simulator = createSimulator(db, { seed: 3 });
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    simulate: async (event) => (await simulator.simulate(event)).body,
    pause: () => close(server),
    async resume() {
      server = await listen(db, port);
    },
    async stop() {
      await close(server);
      await db.close();
    },
  };
}
