import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database';

const migrationsDir = path.join(import.meta.dirname, 'migrations');

/**
 * Applies every migration in db/migrations/ not yet applied, in file-name order, each in its own
 * transaction with its record, so a failed migration leaves the schema as it was.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY)');
  const applied = new Set((await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const ran: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(path.join(migrationsDir, file), 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [file]);
    });
    ran.push(file);
  }
  return ran;
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
