import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { appendEntries, compactPages, entriesOf, pageEntries, pageOf, PagedView, type Gone, type PageTable } from './paged-store';

interface Item {
  id: string;
  value: number;
}

function freshTable(): PageTable<Item> {
  const db = new Dexie(`paged-store-test-${crypto.randomUUID()}`);
  db.version(1).stores({ pages: '++key' });
  return db.table('pages');
}

const append = (table: PageTable<Item>, entries: (Item | Gone)[]) => table.db.transaction('rw', table, () => appendEntries(table, entries));
const items = (count: number, value: number, from = 0): Item[] => Array.from({ length: count }, (_, index) => ({ id: `I-${from + index}`, value }));
const valuesOf = async (view: PagedView<Item>) => Object.fromEntries([...(await view.current()).values].map(([id, item]) => [id, item.value]));

describe('pages of entries folded in memory', () => {
  it('keeps a page as columns and gives back the same entries: removals, and fields some entries lack', () => {
    const entries: ({ id: string; value?: number; note?: string } | Gone)[] = [
      { id: 'A', value: 1 },
      { id: 'B', gone: true },
      { id: 'C', value: 0, note: '' },
      { id: 'A', note: 'only a note' },
    ];
    const page = pageOf(entries);
    expect(page.ids).toEqual(['A', 'B', 'C', 'A']);
    expect(page.gone).toEqual([1]);
    expect(Object.keys(page.columns).sort()).toEqual(['note', 'value']);
    expect(entriesOf(page)).toEqual(entries);
  });

  it('fills the last page with a few entries, and starts pages of its own for a pull’s worth', async () => {
    const table = freshTable();
    await append(table, items(3, 1));
    await append(table, items(2, 1, 3));
    expect((await table.toArray()).map((page) => page.ids.length)).toEqual([5]);
    await append(table, items(pageEntries + 10, 2, 100));
    expect((await table.toArray()).map((page) => page.ids.length)).toEqual([5, pageEntries, 10]);
  });

  it('lets a later entry replace an earlier one and a removal take the id out, in the order they were written', async () => {
    const table = freshTable();
    const view = new PagedView(table, () => {});
    await append(table, [{ id: 'A', value: 1 }, { id: 'B', value: 1 }, { id: 'A', value: 2 }]);
    expect(await valuesOf(view)).toEqual({ A: 2, B: 1 });
    await append(table, [{ id: 'B', gone: true }]);
    expect(await valuesOf(view)).toEqual({ A: 2 });
    await append(table, [{ id: 'B', value: 3 }]);
    expect(await valuesOf(view)).toEqual({ A: 2, B: 3 });
  });

  it('keeps one snapshot while nothing changes, and hands out a new one when something does', async () => {
    const table = freshTable();
    const view = new PagedView(table, () => {});
    await append(table, items(3, 1));
    const first = await view.current();
    expect(await view.current()).toBe(first);
    await append(table, [{ id: 'I-0', value: 9 }]);
    const second = await view.current();
    expect(second).not.toBe(first);
    expect(first.values.get('I-0')?.value).toBe(1);
    expect(second.values.get('I-0')?.value).toBe(9);
  });

  it('agrees with a fresh read after overlapping reads and writes', async () => {
    const table = freshTable();
    const view = new PagedView(table, () => {});
    const reads: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round += 1) {
      reads.push(view.current());
      await append(table, [...items(50, round), { id: `I-${round}`, gone: true }]);
    }
    await Promise.all(reads);
    expect(await valuesOf(view)).toEqual(await valuesOf(new PagedView(table, () => {})));
    expect((await view.current()).values.has('I-19')).toBe(false);
    expect((await view.current()).values.get('I-20')?.value).toBe(19);
  });

  it('asks once for compaction when superseded entries outweigh live ones, and reads the same after it', async () => {
    const table = freshTable();
    let asked = 0;
    const view = new PagedView(table, () => (asked += 1));
    for (let round = 0; round < 5; round += 1) await append(table, items(1_000, round));
    await append(table, [{ id: 'I-7', gone: true }]);
    const before = await valuesOf(view);
    expect(asked).toBe(1);
    await view.current();
    expect(asked).toBe(1);
    await compactPages(table);
    expect((await table.toArray()).map((page) => page.ids.length)).toEqual([999]);
    expect(await valuesOf(view)).toEqual(before);
    expect(before['I-7']).toBeUndefined();
    expect(before['I-8']).toBe(4);
  });

  it('leaves pages that are not wasteful as they are', async () => {
    const table = freshTable();
    await append(table, items(pageEntries, 1));
    const keys = await table.toCollection().primaryKeys();
    await compactPages(table);
    expect(await table.toCollection().primaryKeys()).toEqual(keys);
  });

  it('empties when the pages are cleared, and never reuses a key, so a new page is not taken for an old one', async () => {
    const table = freshTable();
    const view = new PagedView(table, () => {});
    await append(table, items(pageEntries, 1));
    await append(table, items(3, 1, pageEntries));
    expect((await view.current()).values.size).toBe(pageEntries + 3);
    await table.clear();
    expect((await view.current()).values.size).toBe(0);
    await append(table, items(pageEntries, 2));
    await append(table, [{ id: 'new', value: 5 }]);
    expect(await valuesOf(view)).toEqual({ ...Object.fromEntries(items(pageEntries, 2).map((item) => [item.id, 2])), new: 5 });
  });
});
