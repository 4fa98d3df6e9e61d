import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { DeskDatabase, type SessionRecord } from '../../renderer/data/db';
import { enqueueMutation } from '../../renderer/data/outbox';
import { login } from '../../renderer/data/service-client';
import { pullAll, pushPending } from '../../renderer/data/sync';
import { testRecordsKey } from '../../renderer/data/test-fixtures';
import { round, type Bench } from './harness';
import { benchDisputes, rulable, startBenchService, timeDirectRulings } from './service';

/**
 * Rulings made offline and pushed on reconnect, through the app's own outbox and push code (on
 * IndexedDB, fake-indexeddb here) against the PGlite service: from the push starting until every
 * ruling is applied. Baseline: writing the same ruled rows straight into the service's table,
 * one transaction each.
 */
export const rulingPush: Bench = {
  name: 'ruling-push',
  async run(size) {
    const count = size === 'small' ? 100 : 1_000;
    const disputes = rulable(benchDisputes(count));
    const service = await startBenchService(disputes);
    try {
      const signedIn = await login(fetch, service.url, 'bench', 'bench');
      if (!signedIn.ok) throw new Error(signedIn.failure.message);
      const session: SessionRecord = { key: 'session', serviceUrl: service.url, ...signedIn.value };
      // Sealed, as the app's records are (decision 0038).
      const db = new DeskDatabase(`bench-ruling-push-${crypto.randomUUID()}`, { sealing: testRecordsKey });
      const pulled = await pullAll(db, session);
      if (!pulled.ok) throw new Error(pulled.failure.message);
      // Offline: each ruling is queued with its optimistic effect.
      const now = new Date().toISOString();
      for (const dispute of disputes) {
        const queued = await enqueueMutation(
          db,
          session,
          'ruling.record',
          { disputeId: dispute.id, draft: { outcome: 'full_refund', rationale: 'Benchmark ruling.', citedEvidenceIds: [], policyCodes: [] } },
          now,
        );
        if (!queued.ok) throw new Error(`a benchmark ruling was refused before sending: ${queued.message}`);
      }
      const started = performance.now();
      const pushed = await pushPending(db, session);
      const pushMs = performance.now() - started;
      if (!pushed.ok) throw new Error(pushed.failure.message);
      const applied = await db.outbox.where('status').equals('applied').count();
      if (applied !== count) throw new Error(`${applied} of ${count} rulings were applied`);
      db.close();

      const directMs = await timeDirectRulings(service.db, disputes);
      return {
        bench: 'ruling-push',
        value: round(pushMs),
        unit: `ms for ${count} rulings`,
        baseline: round(directMs),
        ratio: round(pushMs / directMs),
        target: count * 5,
        size,
        // One push (~4 s at full size): a ruling is pushed once, so each more would need a fresh service, pull and outbox.
        samples: 1,
      };
    } finally {
      await service.stop();
    }
  },
};
