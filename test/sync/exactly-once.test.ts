// No ruling lost, none applied twice: five desks push 10,000 changes through a proxy that drops,
// duplicates and delays requests and answers, while the case service is restarted mid-push. The
// desks run the app's own outbox and push code (renderer/data) on IndexedDB (fake-indexeddb);
// the service is the real one on PGlite in a folder, so a restart keeps only what was committed.
import 'fake-indexeddb/auto';
import { serve, type ServerType } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeskDatabase, type OutboxEntry, type SessionRecord } from '../../renderer/data/db';
import { enqueueMutation } from '../../renderer/data/outbox';
import { login } from '../../renderer/data/service-client';
import { pullAll, pushPending } from '../../renderer/data/sync';
import { createCaseService } from '../../server/app';
import { openPglite, type Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { seedDemoWorkspace } from '../../server/seed';
import { demoUsers } from '../../server/demo/users';
import { startFaultProxy } from './fault-proxy';

const perClient = 2_000;
const wave = 100;
let dir: string | undefined;

/** The case service on PGlite in `dir`, restartable on the same port. */
async function startService(folder: string) {
  let db: Database = await openPglite(folder);
  await migrate(db);
  await seedDemoWorkspace(db, { disputes: 120, seed: 7, media: false, now: new Date() });
  const listen = (port: number) =>
    new Promise<ServerType>((resolve) => {
      const server = serve({ fetch: createCaseService({ db }).fetch, port, hostname: '127.0.0.1' }, () => resolve(server));
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
      db = await openPglite(folder);
      server = await listen(port);
    },
    async stop() {
      await stopServer();
      await db.close();
    },
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One desk: signs in, syncs, then makes changes in waves and pushes each wave until it is answered. */
async function runDesk(username: string, password: string, serviceUrl: string, seed: number): Promise<{ db: DeskDatabase; session: SessionRecord }> {
  let state = seed;
  const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const db = new DeskDatabase(`exactly-once-${username}-${crypto.randomUUID()}`);
  const signedIn = await login(fetch, serviceUrl, username, password);
  if (!signedIn.ok) throw new Error(`${username} could not sign in: ${signedIn.failure.message}`);
  const session: SessionRecord = { key: 'session', serviceUrl, ...signedIn.value };
  while (!(await pullAll(db, session)).ok) await new Promise((resolve) => setTimeout(resolve, 20));
  const disputes = (await db.disputes.toArray()).map((stored) => stored.doc).filter((doc) => doc.evidence.length > 0);
  if (disputes.length === 0) throw new Error('the demo workspace has no evidence to note');
  let made = 0;
  while (made < perClient) {
    for (let inWave = 0; inWave < wave && made < perClient; ) {
      const dispute = pick(disputes, random);
      const roll = random();
      const result =
        session.user.role === 'reviewer' || roll < 0.8
          ? await enqueueMutation(
              db,
              session,
              'evidence.note',
              { disputeId: dispute.id, note: { id: `${username}-${made}`, evidenceId: pick(dispute.evidence, random).id, text: `Note ${made} by ${username}.` } },
              new Date().toISOString(),
            )
          : await enqueueMutation(db, session, roll < 0.9 ? 'dispute.claim' : 'dispute.release', { disputeId: dispute.id }, new Date().toISOString());
      if (result.ok) {
        made += 1;
        inWave += 1;
      }
    }
    // A service that never settles a wave (answers lost for good, an order it cannot follow) fails
    // the test here rather than hanging it.
    for (let attempt = 0; !(await pushPending(db, session)).ok || (await db.outbox.where('status').equals('pending').count()) > 0; attempt += 1) {
      if (attempt > 500) throw new Error(`${username}'s changes were never all answered: the service lost or refused to order them`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return { db, session };
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sync under network faults and a service restart', () => {
  it('applies each of 10,000 changes from five desks exactly once, and loses none', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'desk-exactly-once-'));
    const service = await startService(dir);
    const proxy = await startFaultProxy(service.url, { dropRequest: 0.08, dropResponse: 0.08, duplicate: 0.08, maxDelayMs: 30 }, 11);
    try {
      const desks = demoUsers.map((user, index) => runDesk(user.username, user.password, proxy.url, 1_000 + index));
      // Restart the service once the desks are well into their pushes.
      let restarted = false;
      const restart = (async () => {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const [row] = await service.db().query<{ count: number }>('SELECT count(*)::int AS count FROM mutation_outcomes');
          if (row!.count >= 4_000) break;
        }
        await service.restart();
        restarted = true;
      })();
      const results = await Promise.all(desks);
      await restart;
      expect(restarted).toBe(true);

      const db = service.db();
      const appliedNotes = new Set<string>();
      let total = 0;
      for (const { db: desk } of results) {
        const outbox: OutboxEntry[] = await desk.outbox.orderBy('mutationId').toArray();
        total += outbox.length;
        expect(outbox.filter((entry) => entry.status === 'pending')).toEqual([]);
        const clientId = ((await desk.meta.get('sync')) as { clientId: string }).clientId;
        const stored = await db.query<{ mutation_id: number; outcome: { status: string } }>(
          'SELECT mutation_id::int AS mutation_id, outcome FROM mutation_outcomes WHERE client_id = $1 ORDER BY mutation_id',
          [clientId],
        );
        // The service answered every change once, and the desk recorded the same answer.
        expect(stored.map((row) => [row.mutation_id, row.outcome.status])).toEqual(outbox.map((entry) => [entry.mutationId, entry.status]));
        for (const entry of outbox) {
          if (entry.name === 'evidence.note' && entry.status === 'applied') appliedNotes.add((entry.args.note as { id: string }).id);
        }
      }
      expect(total).toBe(demoUsers.length * perClient);
      expect(total).toBeGreaterThanOrEqual(10_000);

      // Every applied note is on its dispute exactly once; no refused one is anywhere.
      const notes = await db.query<{ id: string }>("SELECT note->>'id' AS id FROM disputes, jsonb_array_elements(coalesce(doc->'evidenceNotes', '[]'::jsonb)) AS note");
      expect(notes.length).toBe(appliedNotes.size);
      expect(new Set(notes.map((note) => note.id))).toEqual(appliedNotes);
      const [audited] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM audit_log WHERE action = 'evidence.note'");
      expect(audited!.count).toBe(appliedNotes.size);

      // The faults happened.
      expect(proxy.counts.droppedRequests).toBeGreaterThan(0);
      expect(proxy.counts.droppedResponses).toBeGreaterThan(0);
      expect(proxy.counts.duplicated).toBeGreaterThan(0);
    } finally {
      await proxy.close();
      await service.stop();
    }
  }, 900_000);
});
