import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDispute, makeEvidence } from '../../shared/domain/test-fixtures';
import { blobRecord, recordBlob, storeHealth, streamOf } from '../blobs';
import { testDatabaseKinds } from '../db/testing';
import { insertDisputes } from '../seed';
import { createUploadService } from '../uploads';
import { archiveEvidence } from './archive';
import { moveBlobsOut } from './move-out';
import { testStoreKinds } from './testing';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

for (const dbKind of testDatabaseKinds()) {
  for (const storeKind of testStoreKinds()) {
    describe(`evidence leaving the database (${dbKind.name}, ${storeKind.name} store)`, () => {
      beforeAll(() => storeKind.setUp());
      afterAll(() => storeKind.tearDown());

      it('moves blobs kept in the database into the store, checked, and resumes after an interruption', async () => {
        const db = await dbKind.open();
        const store = await storeKind.open();
        try {
          const files = Array.from({ length: 7 }, (_, index) => randomBytes(20_000 + index));
          // As a service before decision 0020 stored them: bytes in `data`, no storage key.
          for (const bytes of files) {
            await db.query('INSERT INTO blobs (sha256, size, media_type, data) VALUES ($1, $2, $3, $4)', [sha256(bytes), bytes.length, 'image/png', bytes]);
          }
          const corrupt = randomBytes(100);
          await db.query('INSERT INTO blobs (sha256, size, media_type, data) VALUES ($1, $2, $3, $4)', ['0'.repeat(64), 100, 'image/png', corrupt]);

          // The first start is cut short after three files.
          let moved = 0;
          const cut = moveBlobsOut(db, store, {
            batchSize: 2,
            afterEach: async () => {
              moved += 1;
              if (moved === 3) throw new Error('the service was stopped');
            },
          });
          await expect(cut).rejects.toThrow('stopped');
          const [left] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM blobs WHERE data IS NOT NULL');
          expect(left!.count).toBe(5);

          const resumed = await moveBlobsOut(db, store, { batchSize: 2 });
          expect(resumed).toEqual({ moved: 4, corrupt: ['0'.repeat(64)] });
          for (const bytes of files) {
            expect(await blobRecord(db, sha256(bytes))).toMatchObject({ size: bytes.length, mediaType: 'image/png' });
            expect((await bytesOf(await store.read(sha256(bytes)))).equals(bytes)).toBe(true);
          }
          const rows = await db.query<{ sha256: string; data: unknown; storage_key: string | null }>('SELECT sha256, data, storage_key FROM blobs ORDER BY sha256');
          // The corrupt row stays as it was, bytes and all; every other row keeps only its description.
          expect(rows.filter((row) => row.data !== null).map((row) => row.sha256)).toEqual(['0'.repeat(64)]);
          expect(rows.filter((row) => row.storage_key === null).map((row) => row.sha256)).toEqual(['0'.repeat(64)]);
          expect(await store.has('0'.repeat(64))).toBe(false);
          // A third start has nothing left to move.
          expect(await moveBlobsOut(db, store)).toEqual({ moved: 0, corrupt: ['0'.repeat(64)] });
        } finally {
          await db.close();
        }
      });

      it('archives the evidence of long-closed disputes only, and /health counts it', async () => {
        const db = await dbKind.open();
        const store = await storeKind.open();
        const archiveDir = await mkdtemp(path.join(os.tmpdir(), 'dispute-desk-archive-'));
        try {
          const [oldOnly, shared, recent] = [randomBytes(3000), randomBytes(3001), randomBytes(3002)];
          for (const bytes of [oldOnly, shared, recent]) await store.put(sha256(bytes), streamOf(bytes));
          for (const bytes of [oldOnly, shared, recent]) {
            await db.query('INSERT INTO blobs (sha256, size, media_type, storage_key, created_at) VALUES ($1, $2, $3, $4, $5)', [
              sha256(bytes),
              bytes.length,
              'image/png',
              store.keyOf(sha256(bytes)),
              '2026-01-01T00:00:00.000Z',
            ]);
          }
          const cite = (id: string, bytes: Buffer) => makeEvidence({ id, sha256: sha256(bytes) });
          await insertDisputes(
            db,
            [
              makeDispute({ id: 'D-old', state: 'closed', closedAt: '2026-01-10T00:00:00.000Z', evidence: [cite('e1', oldOnly), cite('e2', shared)] }),
              // Open, and citing the shared file: that file stays.
              makeDispute({ id: 'D-open', state: 'under_review', evidence: [cite('e3', shared)] }),
              makeDispute({ id: 'D-recent', state: 'closed', closedAt: '2026-11-20T00:00:00.000Z', evidence: [cite('e4', recent)] }),
            ],
            '2026-11-26T10:00:00.000Z',
          );
          const target = storeKind.name === 'folder' ? ({ kind: 'folder', dir: archiveDir } as const) : ({ kind: 'prefix', prefix: 'archive/' } as const);
          const result = await archiveEvidence(db, store, { closedForDays: 90, target, now: new Date('2026-11-26T10:00:00.000Z') });
          expect(result.archived.map((item) => item.sha256)).toEqual([sha256(oldOnly)]);
          expect(result.failed).toEqual([]);
          expect(await store.has(sha256(oldOnly))).toBe(false);
          expect(await store.has(sha256(shared))).toBe(true);
          expect(await store.has(sha256(recent))).toBe(true);
          expect(await blobRecord(db, sha256(oldOnly))).toMatchObject({ archivedAt: '2026-11-26T10:00:00.000Z' });
          expect(await storeHealth(db, store)).toMatchObject({ status: 'ok', objects: 2, archivedObjects: 1 });
          // Archived once: a second run finds nothing more.
          expect((await archiveEvidence(db, store, { closedForDays: 90, target, now: new Date('2026-11-26T10:00:00.000Z') })).archived).toEqual([]);
          // Brought into an open case later, the archived file goes up again (an upload is offered,
          // not "present") and is working evidence once more, so a change naming it never waits forever.
          const uploads = createUploadService({ db, store, now: () => new Date('2026-11-27T10:00:00.000Z'), maxUploadBytes: 1024 ** 3 });
          const user = { id: 'u-cm-1', name: 'Li Na', role: 'case_manager' } as const;
          await db.query("INSERT INTO users (id, username, name, role, password_hash) VALUES ($1, 'lina', $2, $3, 'not used') ON CONFLICT DO NOTHING", [user.id, user.name, user.role]);
          const again = await uploads.begin(user, { sha256: sha256(oldOnly), size: oldOnly.length, mediaType: 'application/octet-stream' });
          expect(again).toMatchObject({ ok: true, value: { status: 'open' } });
          expect((await store.put(sha256(oldOnly), streamOf(oldOnly))).ok).toBe(true);
          const storageKey = store.keyOf(sha256(oldOnly));
          await recordBlob(db, { sha256: sha256(oldOnly), size: oldOnly.length, mediaType: 'application/octet-stream', uploader: 'u-cm-1', createdAt: '2026-11-27T10:00:00.000Z', storageKey });
          // Working evidence again: no longer marked archived (the row keeps the type it was first stored as).
          expect(await blobRecord(db, sha256(oldOnly))).toEqual({ sha256: sha256(oldOnly), size: oldOnly.length, mediaType: 'image/png' });
        } finally {
          await db.close();
          await rm(archiveDir, { recursive: true, force: true });
        }
      });
    });
  }
}
