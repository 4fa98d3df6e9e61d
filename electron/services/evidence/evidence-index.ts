import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import Database from 'libsql';
import { createLogger } from '../../../shared/logger';
import { z } from 'zod';
import type { EarlierSubmission, EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { evidenceFlagSchema } from '../../../shared/domain/evidence-checks';
import type { EvidenceKind, Party } from '../../../shared/domain/model';
import type { Analysis } from './analysis';

/** The index does not open with this desk's key: another desk's key encrypted it, or it is damaged. */
export class IndexKeyError extends Error {
  constructor(file: string, options?: ErrorOptions) {
    super(`The evidence index at ${file} cannot be opened with this desk's key: it was encrypted with another desk's key, or is damaged. Nothing was changed.`, options);
    this.name = 'IndexKeyError';
  }
}

/** One time a file was brought into a case. */
export interface Submission {
  sha256: string;
  disputeId: string;
  party: Party;
  fileName: string;
  channel: 'upload' | 'external_link';
  submittedAt: string;
  requested: EvidenceKind | null;
  dueAt: string | null;
  url: string | null;
  /** Every flag of this submission: the content's and the context's. */
  flags: EvidenceFlag[];
}

/** An object the index knows, with what its analysis found. */
export interface IndexedObject {
  sha256: string;
  sizeBytes: number;
  analysis: Analysis;
}

const log = createLogger('evidence-index');

const schemaVersion = 1;

const migration = `
CREATE TABLE objects (
  sha256 TEXT PRIMARY KEY,
  size_bytes INTEGER NOT NULL,
  media_type TEXT,
  analysis TEXT NOT NULL,
  indexed_at TEXT NOT NULL
) STRICT;
CREATE TABLE submissions (
  sha256 TEXT NOT NULL REFERENCES objects(sha256),
  dispute_id TEXT NOT NULL,
  party TEXT NOT NULL CHECK (party IN ('buyer', 'seller')),
  file_name TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('upload', 'external_link')),
  submitted_at TEXT NOT NULL,
  requested TEXT,
  due_at TEXT,
  url TEXT,
  flags TEXT NOT NULL,
  PRIMARY KEY (sha256, dispute_id, party)
) STRICT;
CREATE INDEX submissions_by_dispute ON submissions (dispute_id, submitted_at);
CREATE TABLE perceptual_hashes (
  sha256 TEXT NOT NULL REFERENCES objects(sha256),
  sample INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (sha256, sample)
) STRICT;
`;

const flagsSchema = z.array(evidenceFlagSchema);

interface SubmissionRow {
  sha256: string;
  dispute_id: string;
  party: Party;
  file_name: string;
  channel: 'upload' | 'external_link';
  submitted_at: string;
  requested: EvidenceKind | null;
  due_at: string | null;
  url: string | null;
  flags: string;
}

function toSubmission(row: SubmissionRow): Submission {
  return {
    sha256: row.sha256,
    disputeId: row.dispute_id,
    party: row.party,
    fileName: row.file_name,
    channel: row.channel,
    submittedAt: row.submitted_at,
    requested: row.requested,
    dueAt: row.due_at,
    url: row.url,
    flags: flagsSchema.parse(JSON.parse(row.flags)),
  };
}

/** How long a write waits for another process's write (the app and the CLI share the index). */
const busyTimeoutMs = 10_000;

/** What the connection runs with, read back from SQLite rather than assumed from what was asked. */
export interface IndexDurability {
  journalMode: string;
  /** SQLite's number: 2 is FULL. */
  synchronous: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

/** One value of a PRAGMA, read back. (libsql's `pragma(…, {simple: true})` returns the whole row.) */
function pragmaValue(db: Database.Database, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).raw().get() as unknown[] | undefined;
  return row?.[0];
}

const plainHeader = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * libsql's options for a database encrypted with this key (AES-256-CBC per page, SQLite3 Multiple
 * Ciphers). Its typings leave `encryptionKey` out, though its index.js reads it.
 */
function encryptedWith(key: Buffer): Database.Options {
  return { encryptionKey: key.toString('hex') } as Database.Options;
}

/**
 * Converts a plain index at `file` into an encrypted one: every table and index made again in a
 * new encrypted file beside it, every row copied, then the new file renamed over the old. A crash
 * before the rename leaves the plain index, and the next open starts again; nothing else may have
 * the index open meanwhile (the app and the CLI both open it through here).
 */
function encryptPlainIndex(file: string, key: Buffer): void {
  const head = Buffer.alloc(plainHeader.length);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return;
  }
  try {
    if (readSync(fd, head, 0, head.length, 0) < head.length || !head.equals(plainHeader)) return;
  } finally {
    closeSync(fd);
  }
  const target = `${file}.encrypting`;
  for (const leftover of [target, `${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
  const plain = new Database(file);
  const encrypted = new Database(target, encryptedWith(key));
  try {
    plain.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const version = Number(pragmaValue(plain, 'user_version'));
    const schema = plain.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid").all() as { type: string; name: string; sql: string }[];
    encrypted.transaction(() => {
      for (const { sql } of schema) encrypted.exec(sql);
      for (const { type, name } of schema) {
        if (type !== 'table') continue;
        const rows = plain.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][];
        if (rows.length === 0) continue;
        const insert = encrypted.prepare(`INSERT INTO "${name}" VALUES (${rows[0]!.map(() => '?').join(', ')})`);
        for (const row of rows) insert.run(...row);
      }
      encrypted.exec(`PRAGMA user_version = ${version}`);
    })();
  } finally {
    encrypted.close();
    plain.close();
  }
  renameSync(target, file);
  for (const stale of [`${file}-wal`, `${file}-shm`]) rmSync(stale, { force: true });
  log.info('encrypted the evidence index', { file, tables: 'all' });
}

/**
 * The evidence index: every object's analysis and every case, party and time it was submitted
 * in, in SQLite through libsql (N-API, so the same binary loads in Node and in Electron; WAL,
 * synchronous FULL), so a crash keeps each recorded submission whole. A row is only written after
 * its object is durably in the store, so the index never points at nothing; an object whose row a
 * crash prevented is indexed when it is next ingested. Several processes may hold it open: writes
 * take the write lock first and wait up to `busyTimeoutMs` for another's.
 */
export class EvidenceIndex {
  private constructor(private readonly db: Database.Database) {}

  /**
   * Opens (creating or upgrading) the index at `file`; with `encryptionKey`, encrypted by libsql
   * (decision 0036), converting a plain index first.
   */
  static open(file: string, options: { encryptionKey?: Buffer } = {}): EvidenceIndex {
    if (options.encryptionKey) encryptPlainIndex(file, options.encryptionKey);
    const db = new Database(file, options.encryptionKey ? encryptedWith(options.encryptionKey) : {});
    const index = new EvidenceIndex(db);
    try {
      // The busy timeout first: switching a new file to WAL takes a lock another opener may hold.
      db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA foreign_keys = ON');
      const durability = index.durability();
      if (durability.journalMode !== 'wal' || durability.synchronous !== 2 || !durability.foreignKeys) {
        throw new Error(`The evidence index at ${file} could not be opened safely: SQLite runs it with ${JSON.stringify(durability)}.`);
      }
      // Read inside the write transaction, so two processes opening a new store migrate it once.
      db.transaction(() => {
        const version = Number(pragmaValue(db, 'user_version'));
        if (version > schemaVersion) {
          throw new Error(`The evidence index at ${file} was written by a newer Dispute Desk (schema ${version}); update the app.`);
        }
        if (version < schemaVersion) {
          db.exec(migration);
          db.exec(`PRAGMA user_version = ${schemaVersion}`);
        }
      }).immediate();
    } catch (error) {
      db.close();
      if (options.encryptionKey && /not a database/i.test(String(error))) throw new IndexKeyError(file, { cause: error });
      throw error;
    }
    return index;
  }

  /** The journal mode, synchronous level, foreign keys and busy timeout this connection really has. */
  durability(): IndexDurability {
    return {
      journalMode: String(pragmaValue(this.db, 'journal_mode')),
      synchronous: Number(pragmaValue(this.db, 'synchronous')),
      foreignKeys: Number(pragmaValue(this.db, 'foreign_keys')) === 1,
      busyTimeoutMs: Number(pragmaValue(this.db, 'busy_timeout')),
    };
  }

  /** The object's stored analysis, or null when it was never indexed. */
  object(sha256: string): IndexedObject | null {
    const row = this.db.prepare('SELECT sha256, size_bytes, analysis FROM objects WHERE sha256 = ?').get(sha256) as
      | { sha256: string; size_bytes: number; analysis: string }
      | undefined;
    return row ? { sha256: row.sha256, sizeBytes: row.size_bytes, analysis: JSON.parse(row.analysis) as Analysis } : null;
  }

  /** Every earlier submission of these bytes, oldest first. */
  submissionsOf(sha256: string): Submission[] {
    const rows = this.db.prepare('SELECT * FROM submissions WHERE sha256 = ? ORDER BY submitted_at').all(sha256) as SubmissionRow[];
    return rows.map(toSubmission);
  }

  /** A case's submissions, in the order they were submitted. */
  submissionsIn(disputeId: string): Submission[] {
    const rows = this.db.prepare('SELECT * FROM submissions WHERE dispute_id = ? ORDER BY submitted_at').all(disputeId) as SubmissionRow[];
    return rows.map(toSubmission);
  }

  /** Submissions as `duplicate_exact` compares them. */
  earlierSubmissions(sha256: string): EarlierSubmission[] {
    return this.submissionsOf(sha256).map(({ disputeId, party, submittedAt }) => ({ disputeId, party, submittedAt }));
  }

  /** Every perceptual hash, for building the in-memory near-duplicate index at start-up. */
  *perceptualHashes(): Generator<{ sha256: string; sample: number; hash: string }> {
    yield* this.db.prepare('SELECT sha256, sample, hash FROM perceptual_hashes').iterate() as Iterable<{ sha256: string; sample: number; hash: string }>;
  }

  /**
   * Records an object (once) and one submission of it in one transaction. Submitting the same
   * bytes again for the same case and party keeps the first submission.
   * Returns false when that submission was already recorded.
   */
  record(object: IndexedObject, submission: Submission): boolean {
    return this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO objects (sha256, size_bytes, media_type, analysis, indexed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
        .run(object.sha256, object.sizeBytes, object.analysis.mediaType, JSON.stringify(object.analysis), new Date().toISOString());
      const insertHash = this.db.prepare('INSERT INTO perceptual_hashes (sha256, sample, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
      object.analysis.perceptualHashes.forEach((hash, sample) => insertHash.run(object.sha256, sample, hash));
      const inserted = this.db
        .prepare(
          `INSERT INTO submissions (sha256, dispute_id, party, file_name, channel, submitted_at, requested, due_at, url, flags)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
          submission.sha256,
          submission.disputeId,
          submission.party,
          submission.fileName,
          submission.channel,
          submission.submittedAt,
          submission.requested,
          submission.dueAt,
          submission.url,
          JSON.stringify(submission.flags),
        );
      return inserted.changes === 1;
    }).immediate();
  }

  /** Records an object with no submission: a file fetched from the case service to be viewed here. */
  recordObject(object: IndexedObject): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO objects (sha256, size_bytes, media_type, analysis, indexed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
        .run(object.sha256, object.sizeBytes, object.analysis.mediaType, JSON.stringify(object.analysis), new Date().toISOString());
      const insertHash = this.db.prepare('INSERT INTO perceptual_hashes (sha256, sample, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
      object.analysis.perceptualHashes.forEach((hash, sample) => insertHash.run(object.sha256, sample, hash));
    }).immediate();
  }

  /** Bytes of every indexed object, for keeping background fetching within the space limit. */
  totalBytes(): number {
    const row = this.db.prepare('SELECT coalesce(sum(size_bytes), 0) AS total FROM objects').get() as { total: number | bigint };
    return Number(row.total);
  }

  /** Digests of every indexed object, for checking the index against the store. */
  digests(): string[] {
    return this.db.prepare('SELECT sha256 FROM objects ORDER BY sha256').pluck().all() as string[];
  }

  /**
   * Forgets what this computer recorded of the cases `disputeIds` (their submissions) and every
   * object among `digests`, and those the cases' submissions named, that no other case's
   * submission still cites: its row and its perceptual hashes. Answers the objects forgotten,
   * with their sizes, so their files can go. One transaction: all of it, or nothing.
   */
  forget(disputeIds: readonly string[], digests: readonly string[]): { sha256: string; sizeBytes: number }[] {
    return this.db.transaction(() => {
      const candidates = new Set(digests);
      const named = this.db.prepare('SELECT sha256 FROM submissions WHERE dispute_id = ?');
      const removeSubmissions = this.db.prepare('DELETE FROM submissions WHERE dispute_id = ?');
      for (const disputeId of disputeIds) {
        for (const { sha256 } of named.all(disputeId) as { sha256: string }[]) candidates.add(sha256);
        removeSubmissions.run(disputeId);
      }
      const cited = this.db.prepare('SELECT 1 FROM submissions WHERE sha256 = ? LIMIT 1');
      const size = this.db.prepare('SELECT size_bytes FROM objects WHERE sha256 = ?');
      const removeHashes = this.db.prepare('DELETE FROM perceptual_hashes WHERE sha256 = ?');
      const removeObject = this.db.prepare('DELETE FROM objects WHERE sha256 = ?');
      const forgotten: { sha256: string; sizeBytes: number }[] = [];
      for (const sha256 of candidates) {
        if (cited.get(sha256) !== undefined) continue;
        const object = size.get(sha256) as { size_bytes: number } | undefined;
        if (object === undefined) continue;
        removeHashes.run(sha256);
        removeObject.run(sha256);
        forgotten.push({ sha256, sizeBytes: object.size_bytes });
      }
      return forgotten;
    }).immediate();
  }

  /**
   * Forgets everything: every object, submission and perceptual hash, and then rewrites the file
   * (VACUUM) and empties the write-ahead log, so no freed page still holds what was there.
   */
  forgetEverything(): { objects: number; bytes: number } {
    const row = this.db.prepare('SELECT count(*) AS objects, coalesce(sum(size_bytes), 0) AS bytes FROM objects').get() as { objects: number; bytes: number | bigint };
    const before = { objects: Number(row.objects), bytes: Number(row.bytes) };
    this.db.transaction(() => {
      this.db.exec('DELETE FROM perceptual_hashes; DELETE FROM submissions; DELETE FROM objects;');
    }).immediate();
    this.db.exec('VACUUM');
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return before;
  }

  /** Rows that point at no object row (there should never be any: foreign keys forbid it). */
  danglingRows(): number {
    const row = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.sha256 = s.sha256))
              + (SELECT count(*) FROM perceptual_hashes p WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.sha256 = p.sha256)) AS dangling`,
      )
      .get() as { dangling: number };
    return row.dangling;
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
