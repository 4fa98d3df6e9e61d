import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { testDatabaseKinds } from './testing';

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
        'schema_migrations',
        'server_state',
        'sessions',
        'users',
      ]);
    } finally {
      await db.close();
    }
  });
});
