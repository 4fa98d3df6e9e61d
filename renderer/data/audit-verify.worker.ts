// A module worker that checks stored pages of the audit log (audit-verify.ts): it reads each page
// from the app's IndexedDB itself, so the page is never copied through the page's thread, hashes
// its entries and walks its chain, and answers with the page's summary.
import type { StoredAuditPage } from './audit-records';
import { checkAuditPage, unreadablePage, type FromVerifyWorker, type ToVerifyWorker } from './audit-page-check';
import { isUnreadableRecord, storeOpener } from './sealed-records';

let database: Promise<IDBDatabase> | undefined;
let sealing: Extract<ToVerifyWorker, { kind: 'open' }>['sealing'] = null;
/** Opens a stored page by the store's own key path and indexes: made at the first page read. */
let opener: ((stored: unknown) => unknown) | undefined;

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      // An upgrade of the store (a newer version of the app in another window) is not held up by a check.
      request.result.onversionchange = () => request.result.close();
      resolve(request.result);
    };
    request.onerror = () => reject(request.error ?? new Error(`could not open ${name}`));
  });
}

/** The page at `from`, opened with the records key when pages are sealed (sealed-records.ts). */
function readPage(db: IDBDatabase, from: number): Promise<StoredAuditPage | undefined> {
  return new Promise((resolve, reject) => {
    const store = db.transaction('auditPages').objectStore('auditPages');
    opener ??= sealing === null ? (stored: unknown) => stored : storeOpener(sealing.key, store, sealing.refusePlain);
    const open = opener;
    const request = store.get(from);
    request.onsuccess = () => {
      try {
        resolve(open(request.result) as StoredAuditPage | undefined);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    request.onerror = () => reject(request.error ?? new Error(`could not read the page at ${from}`));
  });
}

function post(message: FromVerifyWorker): void {
  self.postMessage(message);
}

self.onmessage = async (event: MessageEvent<ToVerifyWorker>) => {
  const message = event.data;
  try {
    if (message.kind === 'open') {
      database = open(message.dbName);
      sealing = message.sealing;
      opener = undefined;
      return;
    }
    if (database === undefined) throw new Error('the worker was asked to check a page before opening the store');
    let page: StoredAuditPage | undefined;
    try {
      page = await readPage(await database, message.from);
    } catch (error) {
      if (!isUnreadableRecord(error)) throw error;
      post({ kind: 'checked', summary: unreadablePage(message.from) });
      return;
    }
    post({ kind: 'checked', summary: await checkAuditPage(page ?? { from: message.from, to: message.from, entries: [], disputeIds: [] }) });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
