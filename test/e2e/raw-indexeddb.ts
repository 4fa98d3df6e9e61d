import type { Page } from '@playwright/test';

/** Every record of every table of the app's IndexedDB, read straight from it (not through the app), by table. */
export function rawTables(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const opening = indexedDB.open('dispute-desk');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const tables: Record<string, unknown[]> = {};
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => {
              tables[name] = request.result;
            };
          }
          tx.oncomplete = () => {
            db.close();
            resolve(tables);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
