import { performance } from 'node:perf_hooks';
import { openPostgres } from '../../server/db/database';
import { scratchSchema } from '../../server/db/testing';
import { syncSchemaVersion, type PullResponse } from '../../shared/sync/protocol';
import { round, type Bench, type BenchResult, type BenchSize } from './harness';
import { benchDisputes, startBenchService, type BenchService } from './service';

/** Milliseconds to pull every dispute from `service` over HTTP, 5,000 a page, as a desk's first sync does. */
async function timePull(service: BenchService, count: number): Promise<number> {
  const started = performance.now();
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
  if (pulled !== count) throw new Error(`pull brought ${pulled} disputes, expected ${count}`);
  return performance.now() - started;
}

/** Pulling every dispute over HTTP against a plain SELECT of the same documents on the same database. */
async function pullAgainstSelect(bench: string, service: BenchService, count: number, size: BenchSize): Promise<BenchResult> {
  const selectStarted = performance.now();
  const rows = await service.db.query<{ doc: unknown }>('SELECT doc FROM disputes ORDER BY version');
  const selectMs = performance.now() - selectStarted;
  if (rows.length !== count) throw new Error(`SELECT saw ${rows.length} disputes, expected ${count}`);
  const pullMs = await timePull(service, count);
  return {
    bench,
    value: round(count / (pullMs / 1000)),
    unit: 'disputes/s',
    baseline: round(count / (selectMs / 1000)),
    ratio: round(pullMs / selectMs),
    target: 20_000,
    size,
    // One pull and one SELECT: at full size the two take ~25 s (100,000 disputes at ~6,300/s and the SELECT).
    samples: 1,
  };
}

const countFor = (size: BenchSize) => (size === 'small' ? 2_000 : 100_000);

/** Pulling every dispute from the service on PGlite (its embedded default). */
export const servicePull: Bench = {
  name: 'service-pull',
  async run(size) {
    const count = countFor(size);
    const service = await startBenchService(benchDisputes(count));
    try {
      return await pullAgainstSelect('service-pull', service, count, size);
    } finally {
      await service.stop();
    }
  },
};

/**
 * The same on PostgreSQL, in a scratch schema of the server at DATABASE_URL (`.ci/run` starts one;
 * `test/start-postgres.sh` does here). Without it the line says it was skipped and why.
 */
export const servicePullPostgres: Bench = {
  name: 'service-pull-postgres',
  async run(size) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      return { bench: 'service-pull-postgres', skipped: 'No PostgreSQL: set DATABASE_URL (for example DATABASE_URL=$(bash test/start-postgres.sh)).', size };
    }
    const count = countFor(size);
    const schema = await scratchSchema(url, 'bench');
    try {
      const service = await startBenchService(benchDisputes(count), () => openPostgres(schema.url));
      try {
        return await pullAgainstSelect('service-pull-postgres', service, count, size);
      } finally {
        await service.stop();
      }
    } finally {
      await schema.drop();
    }
  },
};
