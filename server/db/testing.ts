import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from './database';
import { migrate } from './migrate';

/** A database the service's tests run against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export interface TestDatabaseKind {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database; closing it throws it away. */
  open(): Promise<Database>;
}

async function freshPostgres(url: string): Promise<Database> {
  // A schema per test keeps tests apart on one server without creating databases.
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgres(scoped.toString());
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

/** The databases to run the service's tests against here. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openPglite();
        await migrate(db);
        return db;
      },
    },
  ];
  const url = process.env.DATABASE_URL;
  if (url) kinds.push({ name: 'postgres', open: () => freshPostgres(url) });
  return kinds;
}
