import { describe, expect, it } from 'vitest';
import { openPostgres } from './database';
import { migrate } from './migrate';
import { scratchSchema, testDatabaseKinds } from './testing';

describe.each(testDatabaseKinds())('migrations on $name', (kind) => {
  it('create every table once and are a no-op the second time', async () => {
    const db = await kind.open();
    try {
      expect(await migrate(db)).toEqual([]);
      const tables = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
      );
      expect(tables.map((row) => row.table_name)).toEqual([
        'audit_log',
        'blobs',
        'clients',
        'deleted_disputes',
        'disputes',
        'mutation_outcomes',
        'presence',
        'schema_migrations',
        'server_state',
        'sessions',
        'sign_in_throttle',
        'team_settings',
        'upload_parts',
        'uploads',
        'users',
      ]);
    } finally {
      await db.close();
    }
  });
});

// PGlite needs no lock: its data belongs to the one process that opened it (see `withAdvisoryLock`).
const url = process.env.DATABASE_URL;
describe.runIf(url)('two service instances starting at once on one PostgreSQL database', () => {
  it('migrate one after the other under the advisory lock: both succeed, the second finds nothing to do', async () => {
    const schema = await scratchSchema(url!, 'test_race');
    const [first, second] = await Promise.all([openPostgres(schema.url), openPostgres(schema.url)]);
    try {
      const results = await Promise.all([migrate(first), migrate(second)]);
      const all = (await first.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id);
      expect(all.length).toBeGreaterThan(1);
      // One ran every migration; the other waited for the lock and then had none left.
      expect([...results].sort((a, b) => a.length - b.length)).toEqual([[], all]);
    } finally {
      await first.close();
      await second.close();
      await schema.drop();
    }
  });
});
