import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Queryable } from './database';

const migrationsDir = path.join(import.meta.dirname, 'migrations');

/**
 * The advisory lock key every instance of the case service takes around its migrations
 * ("DDmg" in ASCII): two instances starting at once on one PostgreSQL database run them one
 * after the other, and the second finds nothing left to do.
 */
export const migrationLockKey = 0x44446d67;

async function migrationFiles(): Promise<string[]> {
  return (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
}

async function appliedMigrations(db: Queryable): Promise<Set<string>> {
  return new Set((await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
}

/**
 * Applies every migration in db/migrations/ not yet applied, in file-name order, each in its own
 * transaction with its record, so a failed migration leaves the schema as it was. On PostgreSQL
 * the whole run holds an advisory lock (see `migrationLockKey`).
 */
export async function migrate(db: Database): Promise<string[]> {
  return db.withAdvisoryLock(migrationLockKey, async () => {
    await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY)');
    const applied = await appliedMigrations(db);
    const ran: string[] = [];
    for (const file of await migrationFiles()) {
      if (applied.has(file)) continue;
      const sql = await readFile(path.join(migrationsDir, file), 'utf8');
      await db.transaction(async (tx) => {
        for (const statement of splitStatements(sql)) await tx.query(statement);
        await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [file]);
      });
      ran.push(file);
    }
    return ran;
  });
}

/** The migrations this code has that the database has not applied (all of them on an empty one). */
export async function pendingMigrations(db: Queryable): Promise<string[]> {
  const [table] = await db.query<{ name: string | null }>("SELECT to_regclass('schema_migrations')::text AS name");
  const applied = table?.name ? await appliedMigrations(db) : new Set<string>();
  return (await migrationFiles()).filter((file) => !applied.has(file));
}

// Both drivers take one statement per parameterised query; our migrations have no semicolons
// inside strings or bodies, so splitting on statement ends is enough.
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}
