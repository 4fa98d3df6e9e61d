// Opens the renderer's IndexedDB sealed with the records key the host hands over (decision 0038),
// and makes sure of two things before the app reads from it: the key is the one that sealed what
// is stored, and nothing older than sealing is left in the clear.
import type { Table } from 'dexie';
import type { DeskApi } from '../../shared/contract/calls';
import { createLogger } from '../../shared/logger';
import { DeskDatabase, type SealCheckRecord } from './db';
import { isUnreadableRecord, recordsKeyOf, type RecordsKey } from './sealed-records';

const log = createLogger('records-at-rest');

/** Records re-written a transaction at a time when an older store is sealed. */
const sealBatch = 500;

/** What opening the records found. */
export interface OpenedRecords {
  db: DeskDatabase;
  /**
   * Set when what was stored here had been sealed with another desk key (the evidence store's key
   * was made again): it could not be read, and was removed. The case service still has the team's
   * record; changes not yet sent were lost with it.
   */
  replaced: boolean;
  /**
   * Resolves once every record stored before sealing is sealed, in the background: at once where
   * none was. Plain records are read as they are meanwhile; a start that stops part-way seals the
   * rest next time.
   */
  sealed: Promise<void>;
}

/** The host's desk is locked (its key needs the passphrase given in the window): no records key yet. */
export class DeskLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeskLockedError';
  }
}

/**
 * Opens database `name` with the host's records key. A database sealed with another key is
 * deleted and made again, empty (see `replaced`); records older than sealing are sealed in place.
 */
export async function openRecords(desk: DeskApi, name = 'dispute-desk'): Promise<OpenedRecords> {
  const answer = await desk.invoke('app.recordsKey', {});
  if (!answer.ok && answer.error.code === 'desk_locked') throw new DeskLockedError(answer.error.message);
  if (!answer.ok) throw new Error(`The desk did not hand over the key for this computer's case records: ${answer.error.message}`);
  const key = recordsKeyOf(answer.value);
  if (key === null) {
    log.warn('case records are kept plain on this computer (DESK_PLAIN_RECORDS=1)');
    return { db: new DeskDatabase(name), replaced: false, sealed: Promise.resolve() };
  }
  return openSealed(name, key);
}

/** Opens `name` sealed with `key`: checks the key, and seals what an older version stored plain. */
export async function openSealed(name: string, key: RecordsKey): Promise<OpenedRecords> {
  const db = new DeskDatabase(name, { sealing: key });
  let check: SealCheckRecord | undefined;
  try {
    check = (await db.meta.get('sealCheck')) as SealCheckRecord | undefined;
  } catch (error) {
    if (!isUnreadableRecord(error)) throw error;
  }
  if (check === undefined) {
    if (!(await sealsOpen(db))) {
      log.warn('the case records here were sealed with another desk key and cannot be read: they are removed, and sync brings the team\'s record again', { keyId: key.keyId });
      await db.delete();
      const fresh = new DeskDatabase(name, { sealing: key });
      await markSealed(fresh, key);
      return { db: fresh, replaced: true, sealed: Promise.resolve() };
    }
    return { db, replaced: false, sealed: sealEverything(db).then(() => markSealed(db, key)) };
  }
  db.seal!.refusePlain();
  return { db, replaced: false, sealed: Promise.resolve() };
}

/** Whether every table's first record opens with this key (a plain one does). */
async function sealsOpen(db: DeskDatabase): Promise<boolean> {
  try {
    for (const table of db.tables) await table.limit(1).toArray();
    return true;
  } catch (error) {
    if (isUnreadableRecord(error)) return false;
    throw error;
  }
}

/** Records that nothing here is plain any more, and from then on treats a record with no box as written outside the app. */
async function markSealed(db: DeskDatabase, key: RecordsKey): Promise<void> {
  await db.meta.put({ key: 'sealCheck', keyId: key.keyId, sealedAt: new Date().toISOString() });
  db.seal!.refusePlain();
}

/** Writes every record again, a batch to a transaction: the sealing middleware seals each as it goes. */
export async function sealEverything(db: DeskDatabase): Promise<number> {
  let written = 0;
  for (const table of db.tables as Table<unknown, unknown>[]) {
    const keys = await table.toCollection().primaryKeys();
    for (let from = 0; from < keys.length; from += sealBatch) {
      const part = keys.slice(from, from + sealBatch);
      written += await db.transaction('rw', table, async () => {
        const values = (await table.bulkGet(part)).filter((value) => value !== undefined);
        await table.bulkPut(values);
        return values.length;
      });
    }
  }
  if (written > 0) log.info('case records stored before sealing are sealed now', { records: written });
  return written;
}
