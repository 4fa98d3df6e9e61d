// A desk for the sync tests: the app's own local store (Dexie on fake-indexeddb, which the test
// file loads), signed in to a real case service and kept in sync by the app's own SyncEngine,
// with retry delays short enough for a test.
import { DeskDatabase, type SessionRecord } from '../../renderer/data/db';
import { countPending } from '../../renderer/data/outbox';
import { login } from '../../renderer/data/service-client';
import { SyncEngine, type RetryPolicy } from '../../renderer/data/sync-engine';
import { testRecordsKey } from '../../renderer/data/test-fixtures';
import { seededFraction } from '../support/random';

/** A signed-in desk and its sync engine. */
export interface TestDesk {
  db: DeskDatabase;
  session: SessionRecord;
  engine: SyncEngine;
  /** The client id the service knows this desk by. */
  clientId(): Promise<string>;
}

/** The engine's back-off, shrunk from 1 s…5 min to 20…200 ms, jitter kept. */
export function quickRetry(seed: number): RetryPolicy {
  return { firstMs: 20, maxMs: 200, random: seededFraction(seed) };
}

/**
 * Signs `username` in through `fetchImpl`, starts the sync engine and waits for its first sync
 * to succeed (retrying, as the engine would, when a faulty network loses it).
 */
export async function openTestDesk(options: { username: string; password: string; serviceUrl: string; fetchImpl: typeof fetch; seed: number; live?: boolean }): Promise<TestDesk> {
  // Sealed, as the app's records are (decision 0038).
  const db = new DeskDatabase(`sync-test-${options.username}-${crypto.randomUUID()}`, { sealing: testRecordsKey });
  let signedIn = await login(options.fetchImpl, options.serviceUrl, options.username, options.password);
  for (let attempt = 0; !signedIn.ok && signedIn.failure.kind === 'offline' && attempt < 50; attempt += 1) {
    signedIn = await login(options.fetchImpl, options.serviceUrl, options.username, options.password);
  }
  if (!signedIn.ok) throw new Error(`${options.username} could not sign in: ${signedIn.failure.message}`);
  const session: SessionRecord = { key: 'session', serviceUrl: options.serviceUrl, ...signedIn.value };
  // Most of these tests' networks answer sync calls only: the poke channel is opened where asked for.
  const engine = new SyncEngine(db, options.fetchImpl, undefined, quickRetry(options.seed), { live: options.live ?? false });
  engine.start(session, null);
  await settle({ db, engine }, 60_000);
  return {
    db,
    session,
    engine,
    clientId: async () => ((await db.meta.get('sync')) as { clientId: string }).clientId,
  };
}

/**
 * Waits until the engine's last sync succeeded with nothing left to send. With `ask`, it asks the
 * engine to sync ("Sync now") every 250 ms; without, the engine's own back-off retries are all
 * that run. Throws after `timeoutMs`.
 */
export async function settle(desk: Pick<TestDesk, 'db' | 'engine'>, timeoutMs: number, ask = true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tick = new Promise((resolve) => setTimeout(resolve, 250));
    await (ask ? Promise.race([desk.engine.pullNow(), tick]) : tick);
    const status = desk.engine.getStatus();
    if (status.kind === 'idle' && status.lastSyncedAt !== null && (await countPending(desk.db)) === 0) return;
    if (Date.now() > deadline) {
      const why = status.kind === 'failed' ? status.failure.message : status.kind;
      throw new Error(`The desk did not settle within ${timeoutMs} ms: ${await countPending(desk.db)} changes waiting, sync ${why}`);
    }
  }
}
