import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Something that runs SQL: the database itself or one open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** The case service's database: PostgreSQL over the wire, or PGlite in-process. Same SQL. */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding a PostgreSQL session advisory lock on `key`, so that a second process
   * asking for the same key waits until the first is done. PGlite runs `work` at once: its data
   * belongs to the one process that opened it, so nobody else can be running beside it.
   */
  withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (counters, sizes) as numbers: they stay far below 2^53 here.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** Opens PGlite with its data in `dataDir`, or in memory when it is undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, { parsers: { 20: (value: string) => Number(value) } });
  const asQueryable = (runner: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await runner.query<Row>(sql, params)).rows;
    },
  });
  return {
    kind: 'pglite',
    ...asQueryable(db),
    transaction: (work) => db.transaction((tx) => work(asQueryable(tx))),
    withAdvisoryLock: (_key, work) => work(),
    close: () => db.close(),
  };
}

/** Connects to a PostgreSQL server, such as `postgres://user:pass@host/db`. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as Row[];
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          async query<Row>(sql: string, params: unknown[] = []) {
            return (await client.query(sql, params)).rows as Row[];
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withAdvisoryLock(key, work) {
      // A session lock lives on one connection: this one holds it while `work` uses the others.
      const holder = await pool.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await work();
        } finally {
          await holder.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        holder.release();
      }
    },
    close: () => pool.end(),
  };
}
