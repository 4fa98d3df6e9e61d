import { performance } from 'node:perf_hooks';
import { syncSchemaVersion, type PullResponse } from '../../shared/sync/protocol';
import { round, type Bench } from './harness';
import { benchDisputes, startBenchService } from './service';

/** Pulling every dispute from the service over HTTP, against a plain SELECT of the same rows. */
export const servicePull: Bench = {
  name: 'service-pull',
  async run(size) {
    const count = size === 'small' ? 2_000 : 100_000;
    const service = await startBenchService(benchDisputes(count));
    try {
      const selectStarted = performance.now();
      const rows = await service.db.query<{ doc: unknown }>('SELECT doc FROM disputes ORDER BY version');
      const selectMs = performance.now() - selectStarted;
      if (rows.length !== count) throw new Error(`SELECT saw ${rows.length} disputes, expected ${count}`);

      const pullStarted = performance.now();
      let cookie: number | null = null;
      let pulled = 0;
      for (;;) {
        const response = await fetch(`${service.url}/sync/pull`, {
          method: 'POST',
          headers: { authorization: `Bearer ${service.token}` },
          body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId: 'bench-client-1', cookie, limit: 5000 }),
        });
        const page = (await response.json()) as PullResponse;
        pulled += page.disputes.length;
        cookie = page.cookie;
        if (!page.more) break;
      }
      const pullMs = performance.now() - pullStarted;
      if (pulled !== count) throw new Error(`pull brought ${pulled} disputes, expected ${count}`);
      const rowsPerSecond = count / (pullMs / 1000);
      return {
        bench: 'service-pull',
        value: round(rowsPerSecond),
        unit: 'disputes/s',
        baseline: round(count / (selectMs / 1000)),
        ratio: round(pullMs / selectMs),
        target: 20_000,
        size,
        samples: 1,
      };
    } finally {
      await service.stop();
    }
  },
};
