import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from './analysis';
import { EvidenceIndex, type IndexedObject, type Submission } from './evidence-index';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-index-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const sha256 = 'a'.repeat(64);

function anObject(): IndexedObject {
  const analysis: Analysis = {
    mediaType: 'image/jpeg',
    ext: 'jpg',
    kind: 'photo',
    image: null,
    video: null,
    perceptualHashes: ['0123456789abcdef'],
    thumbnail: false,
    poster: false,
    flags: [],
  };
  return { sha256, sizeBytes: 3, analysis };
}

function aSubmission(disputeId: string): Submission {
  return {
    sha256,
    disputeId,
    party: 'buyer',
    fileName: 'front.jpg',
    channel: 'upload',
    submittedAt: '2025-03-01T10:00:00.000Z',
    requested: null,
    dueAt: null,
    url: null,
    flags: [],
  };
}

describe('the evidence index in libsql', () => {
  it('really runs with WAL, synchronous FULL, foreign keys and a busy timeout (read back from SQLite)', () => {
    const index = EvidenceIndex.open(path.join(work, 'durable.sqlite'));
    try {
      expect(index.durability()).toEqual({ journalMode: 'wal', synchronous: 2, foreignKeys: true, busyTimeoutMs: 10_000 });
    } finally {
      index.close();
    }
  });

  it('is shared by two connections: what one records, the other reads', () => {
    const file = path.join(work, 'shared.sqlite');
    const first = EvidenceIndex.open(file);
    const second = EvidenceIndex.open(file);
    try {
      expect(first.record(anObject(), aSubmission('D-1'))).toBe(true);
      expect(second.record(anObject(), aSubmission('D-1'))).toBe(false);
      expect(second.record(anObject(), aSubmission('D-2'))).toBe(true);
      expect(first.submissionsOf(sha256).map((s) => s.disputeId)).toEqual(['D-1', 'D-2']);
      expect(first.digests()).toEqual([sha256]);
      expect([...second.perceptualHashes()]).toEqual([{ sha256, sample: 0, hash: '0123456789abcdef' }]);
      expect(first.danglingRows()).toBe(0);
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses an index written by a newer Dispute Desk, and leaves it as it was', () => {
    const file = path.join(work, 'newer.sqlite');
    const raw = new Database(file);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expect(() => EvidenceIndex.open(file)).toThrow(/newer Dispute Desk \(schema 99\); update the app/);
    const check = new Database(file);
    expect(check.prepare('PRAGMA user_version').raw().get()).toEqual([99]);
    check.close();
  });
});
