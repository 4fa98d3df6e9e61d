import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createLogger } from '../../shared/logger';

const log = createLogger('database');

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
  /**
   * Calls `onNotify` with the payload of each notification on `channel` that anyone using this
   * database commits (`pg_notify`): PostgreSQL's LISTEN on a connection of its own, PGlite's own
   * listeners in-process. An empty payload says some may have been missed: the connection dropped
   * and is back. Resolves, once listening, with what stops it; `close` stops it too.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A channel name as LISTEN takes it: only the plain names this service uses. */
function channelName(channel: string): string {
  if (!/^[a-z_]{1,63}$/.test(channel)) throw new Error(`not a channel name this service uses: ${channel}`);
  return channel;
}

/** How long a dropped LISTEN connection waits before trying again, doubling up to the last. */
const relistenDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000];

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
    async listen(channel, onNotify) {
      const unlisten = await db.listen(channelName(channel), onNotify);
      return () => unlisten();
    },
    close: () => db.close(),
  };
}

/** Connects to a PostgreSQL server, such as `postgres://user:pass@host/db`. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('SELECT 1');
  const listeners = new Set<() => Promise<void>>();
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
    async listen(channel, onNotify) {
      const name = channelName(channel);
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let attempt = 0;
      const connect = async () => {
        const next = new pg.Client({ connectionString: url });
        next.on('notification', (message) => {
          if (message.channel === name) onNotify(message.payload ?? '');
        });
        // A dropped connection ('error' then 'end', or 'end' alone) is listened again after a pause.
        next.on('error', () => again(next));
        next.on('end', () => again(next));
        await next.connect();
        await next.query(`LISTEN ${name}`);
        if (stopped) await next.end();
        else client = next;
      };
      const again = (from: pg.Client) => {
        if (stopped || retry !== undefined || (client !== undefined && client !== from)) return;
        client = undefined;
        const delay = relistenDelaysMs[Math.min(attempt, relistenDelaysMs.length - 1)]!;
        attempt += 1;
        retry = setTimeout(() => {
          retry = undefined;
          connect().then(
            () => {
              attempt = 0;
              log.info('listening again after the connection dropped', { channel: name });
              onNotify('');
            },
            (error: unknown) => {
              log.warn('could not listen again yet', { channel: name, error: String(error) });
              again(from);
            },
          );
        }, delay);
        retry.unref?.();
      };
      await connect();
      const stop = async () => {
        stopped = true;
        listeners.delete(stop);
        clearTimeout(retry);
        await client?.end().catch(() => undefined);
        client = undefined;
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
