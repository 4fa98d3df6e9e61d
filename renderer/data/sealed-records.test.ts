import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { makeDispute } from '../../shared/domain/test-fixtures';
import { DeskDatabase, storedRows, storedSearchTexts, toLocal, writeRows, type OutboxEntry, type QueueRow } from './db';
import { openSealed, sealEverything } from './records-at-rest';
import { isUnreadableRecord, recordsKeyOf, sealedField, type RecordsKey } from './sealed-records';

// Case records sealed at rest (issue 22, decision 0038): every field but keys and indexed ones is
// sealed in IndexedDB, and the app reads and writes as before.

const keyOf = (fill: number, keyId = 'a'.repeat(32)): RecordsKey => ({ keyId, key: new Uint8Array(32).fill(fill) });
const marker = 'Zanzibar-Quokka-7731';
const name = () => `sealed-${crypto.randomUUID()}`;

/** Every record of `table` as IndexedDB holds it, read without the key. */
async function raw(dbName: string, table: string): Promise<Record<string, unknown>[]> {
  const plain = new Dexie(dbName);
  await plain.open();
  try {
    return (await plain.table(table).toArray()) as Record<string, unknown>[];
  } finally {
    plain.close();
  }
}

/** Whether `text` appears anywhere in `records`, strings and bytes alike. */
function holds(records: unknown[], text: string): boolean {
  const seen = JSON.stringify(records, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
  return seen.includes(text);
}

function disputeWithMarker(id: string) {
  return makeDispute({
    id,
    state: 'closed',
    closedAt: '2026-11-01T00:00:00.000Z',
    buyer: { id: 'B-1', name: `Ada ${marker}`, country: 'DE', language: 'de' },
    messages: [{ id: 'M-1', from: 'buyer', body: `The parcel never came to ${marker} Street.`, language: 'en', at: '2026-10-01T00:00:00Z' }],
  });
}

describe('records sealed in IndexedDB', () => {
  it('keeps only keys and indexed fields in the clear, and reads back every way the app reads', async () => {
    const dbName = name();
    const db = new DeskDatabase(dbName, { sealing: keyOf(1) });
    const local = toLocal(disputeWithMarker('D-1'));
    await db.transaction('rw', [db.disputes, db.rowPages, db.searchPages], async () => {
      await db.disputes.put(local.stored);
      await writeRows(db, [{ row: local.row, search: local.search }]);
    });
    await db.outbox.add({ mutationId: 1, name: 'case.note', args: { disputeId: 'D-1', text: `Called ${marker}` }, baseVersion: 1, status: 'pending', createdAt: '2026-11-02T00:00:00.000Z' });

    const disputes = await raw(dbName, 'disputes');
    expect(Object.keys(disputes[0]!).sort()).toEqual([sealedField, 'closedAt', 'id']);
    expect(disputes[0]).toMatchObject({ id: 'D-1', closedAt: '2026-11-01T00:00:00.000Z' });
    for (const table of ['disputes', 'rowPages', 'searchPages', 'outbox']) expect(holds(await raw(dbName, table), marker), table).toBe(false);
    expect((await raw(dbName, 'outbox'))[0]).toMatchObject({ mutationId: 1, status: 'pending' });

    expect((await db.disputes.get('D-1'))?.doc.buyer.name).toBe(`Ada ${marker}`);
    expect((await db.disputes.bulkGet(['D-1', 'D-2']))[0]?.doc.messages[0]?.body).toContain(marker);
    expect(await db.disputes.where('closedAt').below('2026-12-01').primaryKeys()).toEqual(['D-1']);
    const each: string[] = [];
    await db.disputes.each((stored) => void each.push(stored.doc.buyer.name));
    expect(each).toEqual([`Ada ${marker}`]);
    expect((await storedRows(db)).values.get('D-1')?.buyerName).toBe(`Ada ${marker}`);
    expect((await storedSearchTexts(db)).values.get('D-1')?.text).toContain(marker.toLowerCase());
    await db.outbox.where('status').equals('pending').modify((entry: OutboxEntry) => void (entry.status = 'applied'));
    expect(await db.outbox.get(1)).toMatchObject({ status: 'applied', args: { text: `Called ${marker}` } });
    expect(holds(await raw(dbName, 'outbox'), marker)).toBe(false);
    db.close();
  });

  it('keeps an entry lacking a field as lacking it in a paged table', async () => {
    const db = new DeskDatabase(name(), { sealing: keyOf(1) });
    const row = toLocal(disputeWithMarker('D-1')).row;
    const older: QueueRow = { ...toLocal(disputeWithMarker('D-2')).row };
    delete older.outcome;
    await db.transaction('rw', [db.rowPages, db.searchPages], () => writeRows(db, [{ row }, { row: older }]));
    const rows = (await storedRows(db)).values;
    expect(rows.get('D-2')?.outcome).toBeUndefined();
    expect(rows.get('D-1')?.outcome).toBe('');
    db.close();
  });

  it('refuses to read with another key, a box moved to another record, or an index field changed on disk', async () => {
    const dbName = name();
    const db = new DeskDatabase(dbName, { sealing: keyOf(1) });
    await db.disputes.bulkPut([toLocal(disputeWithMarker('D-1')).stored, toLocal(disputeWithMarker('D-2')).stored]);
    db.close();

    const other = new DeskDatabase(dbName, { sealing: keyOf(2) });
    const wrongKey = await other.disputes.get('D-1').catch((error: unknown) => error);
    expect(isUnreadableRecord(wrongKey)).toBe(true);
    other.close();

    const plain = new Dexie(dbName);
    await plain.open();
    const [first, second] = (await plain.table('disputes').toArray()) as Record<string, unknown>[];
    await plain.table('disputes').put({ ...first, [sealedField]: second![sealedField] });
    await plain.table('disputes').put({ ...second, closedAt: '2020-01-01T00:00:00.000Z' });
    plain.close();
    const reopened = new DeskDatabase(dbName, { sealing: keyOf(1) });
    for (const id of ['D-1', 'D-2']) expect(isUnreadableRecord(await reopened.disputes.get(id).catch((error: unknown) => error)), id).toBe(true);
    reopened.close();
  });

  it('takes a box made ahead with WebCrypto for the very value written, and seals anything changed since itself', async () => {
    const dbName = name();
    const db = new DeskDatabase(dbName, { sealing: keyOf(1) });
    await db.open();
    const [first, second] = [toLocal(disputeWithMarker('D-1')).stored, toLocal(disputeWithMarker('D-2')).stored];
    await db.seal!.prepare('disputes', [first, second]);
    second.doc = { ...second.doc, buyer: { ...second.doc.buyer, name: 'Changed after' } };
    const taken = vi.spyOn(db.seal!, 'takePrepared');
    await db.disputes.bulkPut([first, second]);
    expect(taken.mock.results.map((result) => result.value instanceof Uint8Array)).toEqual([true, false]);
    expect((await db.disputes.get('D-1'))?.doc.buyer.name).toBe(`Ada ${marker}`);
    expect((await db.disputes.get('D-2'))?.doc.buyer.name).toBe('Changed after');
    expect(holds(await raw(dbName, 'disputes'), marker)).toBe(false);
    db.close();
  });

  it('refuses to write a value JSON would change, and nothing is stored', async () => {
    const db = new DeskDatabase(name(), { sealing: keyOf(1) });
    await expect(db.drafts.put({ userId: 'u-1', disputeId: 'D-1', savedAt: 'now', values: { when: new Date() } })).rejects.toThrow(/cannot hold/);
    expect(await db.drafts.count()).toBe(0);
    db.close();
  });
});

describe('opening the records at start', () => {
  it('seals what an older version stored in the clear, and marks the database sealed', async () => {
    const dbName = name();
    const old = new DeskDatabase(dbName);
    await old.disputes.put(toLocal(disputeWithMarker('D-1')).stored);
    await old.drafts.put({ userId: 'u-1', disputeId: 'D-1', savedAt: 'now', values: { rationale: `Refund ${marker}` } });
    old.close();
    expect(holds(await raw(dbName, 'disputes'), marker)).toBe(true);

    const { db, replaced, sealed } = await openSealed(dbName, keyOf(1));
    expect(replaced).toBe(false);
    // Read as they are while the background pass seals them.
    expect((await db.drafts.get(['u-1', 'D-1']))?.values).toEqual({ rationale: `Refund ${marker}` });
    await sealed;
    for (const table of ['disputes', 'drafts', 'meta']) expect(holds(await raw(dbName, table), marker), table).toBe(false);
    expect((await db.drafts.get(['u-1', 'D-1']))?.values).toEqual({ rationale: `Refund ${marker}` });
    expect(await db.meta.get('sealCheck')).toMatchObject({ keyId: 'a'.repeat(32) });
    // Nothing plain is left, so a second pass writes only what it reads.
    expect(await sealEverything(db)).toBe(3);
    db.close();
  });

  it('removes records sealed with another desk key, which cannot be read, and starts empty', async () => {
    const dbName = name();
    const first = await openSealed(dbName, keyOf(1));
    await first.sealed;
    await first.db.disputes.put(toLocal(disputeWithMarker('D-1')).stored);
    first.db.close();

    const second = await openSealed(dbName, keyOf(2, 'b'.repeat(32)));
    expect(second.replaced).toBe(true);
    expect(await second.db.disputes.count()).toBe(0);
    expect(await second.db.meta.get('sealCheck')).toMatchObject({ keyId: 'b'.repeat(32) });
    second.db.close();
  });

  it('once sealed, treats a record with no box as written outside the app; a change that does not open reads as its number and status', async () => {
    const dbName = name();
    const { db, sealed } = await openSealed(dbName, keyOf(1));
    await sealed;
    await db.outbox.add({ mutationId: 1, name: 'case.note', args: { disputeId: 'D-1', text: 'Called the buyer' }, baseVersion: 1, status: 'pending', createdAt: '2026-11-02T00:00:00.000Z', digest: 'f'.repeat(64) });
    const plain = new Dexie(dbName);
    await plain.open();
    await plain.table('disputes').put(toLocal(disputeWithMarker('D-9')).stored);
    const [entry] = (await plain.table('outbox').toArray()) as Record<string, unknown>[];
    await plain.table('outbox').put({ ...entry, args: { disputeId: 'D-1', text: 'Refund twice' }, digest: 'e'.repeat(64) });
    plain.close();

    expect(isUnreadableRecord(await db.disputes.get('D-9').catch((error: unknown) => error))).toBe(true);
    // Nothing added beside the box is believed: the guard finds no digest, and holds the change unsent.
    expect(await db.outbox.get(1)).toEqual({ mutationId: 1, status: 'pending' });
    db.close();
  });

  it('takes the key as the desk API hands it over', () => {
    const key = recordsKeyOf({ keyId: 'c'.repeat(32), key: Buffer.alloc(32, 7).toString('base64') });
    expect(key?.key).toEqual(new Uint8Array(32).fill(7));
    expect(recordsKeyOf({ keyId: 'c'.repeat(32), key: null })).toBeNull();
  });
});
