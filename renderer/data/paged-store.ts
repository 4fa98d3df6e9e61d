import type { Table } from 'dexie';
import { createLogger } from '../../shared/logger';

const log = createLogger('paged-store');

// Queue rows and search texts are kept a page of entries to a record (decision 0032): IndexedDB
// in Chromium reads and writes about 25,000 records a second whatever their size, and a record per
// dispute with six indexes made the first sync of a large team three times a raw write of its
// documents. A page is a list of changes applied in order; the desk folds every page into a map
// held in memory, and queues, counts and searches are passes over that map.

/** A dispute the service no longer sends: it leaves the map when its page is folded. */
export interface Gone {
  id: string;
  gone: true;
}

/**
 * Entries in the order they happened, a later entry for an id replacing an earlier one, kept as
 * columns: IndexedDB writes and reads a page of columns in about two thirds of the time of a page
 * of objects, each of which repeats every field's name (decision 0032).
 */
export interface StoredPage {
  /** Given by IndexedDB's key generator, which `clear()` does not reset: a key is never reused. */
  key?: number;
  /** Each entry's id, in order. */
  ids: string[];
  /** The positions of the entries that are removals. */
  gone: number[];
  /** Each field but the id, by position; `undefined` where an entry lacks the field. */
  columns: Record<string, unknown[]>;
}

/** Entries as a page (without its key). */
export function pageOf<T extends { id: string }>(entries: readonly (T | Gone)[]): StoredPage {
  const ids: string[] = [];
  const gone: number[] = [];
  const columns: Record<string, unknown[]> = {};
  entries.forEach((entry, index) => {
    ids.push(entry.id);
    if ('gone' in entry) {
      gone.push(index);
      return;
    }
    for (const [name, value] of Object.entries(entry)) {
      if (name !== 'id') (columns[name] ??= new Array<unknown>(entries.length).fill(undefined))[index] = value;
    }
  });
  return { ids, gone, columns };
}

/** A page's entries, in order. */
export function entriesOf<T extends { id: string }>(page: StoredPage): (T | Gone)[] {
  const gone = new Set(page.gone);
  const names = Object.keys(page.columns);
  return page.ids.map((id, index) => {
    if (gone.has(index)) return { id, gone: true };
    const entry: Record<string, unknown> = { id };
    for (const name of names) {
      const value = page.columns[name]![index];
      if (value !== undefined) entry[name] = value;
    }
    return entry as T;
  });
}

/** Entries to a page: a pull's page of disputes fills one. */
export const pageEntries = 2000;

/** A table of pages of `T`, keyed `++key` (`__entries` is never stored: it carries `T` for typing). */
export type PageTable<T extends { id: string }> = Table<StoredPage, number> & { readonly __entries?: T };

/**
 * Adds entries after every stored one, inside the caller's transaction (which must include
 * `table`). A few entries fill up the last page, so a change at a time does not leave thousands of
 * small records; a pull's page starts pages of its own without reading the last one.
 */
export async function appendEntries<T extends { id: string }>(table: PageTable<T>, entries: (T | Gone)[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length < pageEntries / 2) {
    const last = await table.orderBy(':id').last();
    if (last !== undefined && last.ids.length + entries.length <= pageEntries) {
      await table.put({ key: last.key, ...pageOf([...entriesOf<T>(last), ...entries]) });
      return;
    }
  }
  for (let start = 0; start < entries.length; start += pageEntries) await table.add(pageOf(entries.slice(start, start + pageEntries)));
}

/** What the pages hold now, folded: read-only to the caller, and replaced, not changed, by the next read. */
export interface PagedSnapshot<T> {
  values: ReadonlyMap<string, T>;
}

/** Where each id's value came from: a later page, or a later place in the same page, wins. */
const placeOf = (key: number, index: number) => key * 4096 + index;

interface Folded<T> {
  values: Map<string, T>;
  /** The place each id was last set or removed at, so a slow read folded late changes nothing newer. */
  placed: Map<string, number>;
  /** Entries per page read, to tell when superseded entries outweigh the live ones. */
  sizes: Map<number, number>;
  /** The key of the last page read: it is read again, since it may have been filled up since. */
  readFrom: number;
}

const emptyFold = <T>(): Folded<T> => ({ values: new Map(), placed: new Map(), sizes: new Map(), readFrom: 0 });

/** Folds pages into `into`; whether any value changed. */
function fold<T extends { id: string }>(into: Folded<T>, pages: readonly StoredPage[]): boolean {
  let changed = false;
  for (const page of pages) {
    const key = page.key!;
    into.sizes.set(key, page.ids.length);
    entriesOf<T>(page).forEach((entry, index) => {
      const place = placeOf(key, index);
      const before = into.placed.get(entry.id) ?? -1;
      if (before >= place) return;
      changed = true;
      into.placed.set(entry.id, place);
      if ('gone' in entry) into.values.delete(entry.id);
      else into.values.set(entry.id, entry);
    });
    into.readFrom = Math.max(into.readFrom, key);
  }
  return changed;
}

/**
 * The pages of one table folded in memory, kept up to date by reading only the last page read and
 * those after it. Compaction (or clearing) removes that page: the next read then folds every page
 * afresh. Reads may overlap; each folds the pages it read, and a place newer than its own is kept.
 */
export class PagedView<T extends { id: string }> {
  private folded: Folded<T> = emptyFold();
  private compactionAsked = false;
  /** The last snapshot handed out, handed out again while nothing has changed. */
  private snapshot: PagedSnapshot<T> | undefined;

  constructor(
    private readonly table: PageTable<T>,
    /** Called once the pages hold more superseded entries than live ones, to have them compacted. */
    private readonly onWasteful: () => void,
  ) {}

  async current(): Promise<PagedSnapshot<T>> {
    // An explicit transaction: inside liveQuery, Dexie's query cache would otherwise keep every
    // page read and deep-clone it for each reader (decision 0032), doubling both time and memory.
    // liveQuery still observes what is read.
    const changed = await this.table.db.transaction('r', this.table, async () => {
      const folded = this.folded;
      const pages = await this.table.where(':id').aboveOrEqual(folded.readFrom).toArray();
      if (folded.readFrom === 0 || pages[0]?.key === folded.readFrom) return fold(folded, pages);
      const fresh = emptyFold<T>();
      fold(fresh, await this.table.toArray());
      this.folded = fresh;
      this.compactionAsked = false;
      return true;
    });
    const now = this.folded;
    let stored = 0;
    for (const size of now.sizes.values()) stored += size;
    if (!this.compactionAsked && isWasteful(stored, now.values.size)) {
      this.compactionAsked = true;
      this.onWasteful();
    }
    if (changed || this.snapshot === undefined) this.snapshot = { values: new Map(now.values) };
    return this.snapshot;
  }
}

function isWasteful(stored: number, live: number): boolean {
  return stored > 2 * live + pageEntries;
}

/**
 * Rewrites the pages as the live entries only, in one transaction, when superseded entries
 * outweigh them. Keys only grow, so a view reading during it sees its last page gone and folds
 * afresh.
 */
export async function compactPages<T extends { id: string }>(table: PageTable<T>): Promise<void> {
  await table.db.transaction('rw', table, async () => {
    const folded = emptyFold<T>();
    const pages = await table.toArray();
    fold(folded, pages);
    const stored = pages.reduce((sum, page) => sum + page.ids.length, 0);
    if (!isWasteful(stored, folded.values.size)) return;
    await table.clear();
    const live = [...folded.values.values()];
    for (let start = 0; start < live.length; start += pageEntries) await table.add(pageOf(live.slice(start, start + pageEntries)));
  });
}

const views = new WeakMap<PageTable<{ id: string }>, PagedView<{ id: string }>>();

/**
 * What a table of pages holds now, from one view per table: each window folds the pages once and
 * then reads only what changed. Inside a Dexie transaction the read is the transaction's.
 */
export function pagedSnapshot<T extends { id: string }>(table: PageTable<T>): Promise<PagedSnapshot<T>> {
  let view = views.get(table as PageTable<{ id: string }>) as PagedView<T> | undefined;
  if (view === undefined) {
    // Compaction runs on its own, after the read that asked for it; a failure leaves the pages as they were.
    const compact = () => compactPages(table).catch((error: unknown) => log.warn('compacting stored pages failed', { table: table.name, error: String(error) }));
    view = new PagedView(table, () => setTimeout(() => void compact(), 0));
    views.set(table as PageTable<{ id: string }>, view as PagedView<{ id: string }>);
  }
  return view.current();
}
