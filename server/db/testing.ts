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

/**
 * A schema of its own on the PostgreSQL server at `url`: `url` is the address that works inside
 * it, and `drop` removes it with everything in it. Keeps tests apart on one server without
 * creating databases.
 */
export async function scratchSchema(url: string, prefix = 'test'): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: scoped.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function freshPostgres(url: string): Promise<Database> {
  const schema = await scratchSchema(url);
  const db = await openPostgres(schema.url);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await schema.drop();
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
