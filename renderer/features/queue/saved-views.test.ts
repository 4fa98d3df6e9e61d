import { afterEach, describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../data/db';
import { noFilter } from './filter';
import { adoptLegacyViews, legacyViewsKey, saveView, savedViewsOf, type SavedView } from './saved-views';

const now = new Date('2026-11-26T12:00:00.000Z');
const view: SavedView = { name: 'Big BR refunds', queue: 'readyForRuling', filter: { ...noFilter, country: 'BR', minAmount: 100 }, sort: 'amount', search: '' };

afterEach(() => localStorage.clear());

describe('saved views', () => {
  it("keeps each user's views to themselves", async () => {
    const db = new DeskDatabase(`views-${crypto.randomUUID()}`);
    await saveView(db, 'u-cm-1', view, now);
    expect(await savedViewsOf(db, 'u-cm-1')).toEqual([view]);
    expect(await savedViewsOf(db, 'u-rv-1')).toEqual([]);
    db.close();
  });

  it('refuses a blank name and saves nothing', async () => {
    const db = new DeskDatabase(`views-${crypto.randomUUID()}`);
    expect(await saveView(db, 'u-cm-1', { ...view, name: '   ' }, now)).toEqual({ ok: false, reason: 'blankName' });
    expect(await db.savedViews.count()).toBe(0);
    db.close();
  });

  it('does not offer a stored view that does not read back, and keeps the others', async () => {
    const db = new DeskDatabase(`views-${crypto.randomUUID()}`);
    await saveView(db, 'u-cm-1', view, now);
    await db.savedViews.put({ userId: 'u-cm-1', name: 'broken', savedAt: now.toISOString(), view: { name: 'broken', queue: 'nowhere' } });
    expect((await savedViewsOf(db, 'u-cm-1')).map((found) => found.name)).toEqual(['Big BR refunds']);
    db.close();
  });

  it("gives the views local storage kept for everyone to the first user who reads them, once, and removes them there", async () => {
    const db = new DeskDatabase(`views-${crypto.randomUUID()}`);
    // As Mantine's useLocalStorage wrote them: JSON, with undefined amounts left out; one unreadable.
    localStorage.setItem(legacyViewsKey, JSON.stringify([{ ...view, filter: { ...view.filter, maxAmount: undefined } }, { name: 42 }]));
    expect(await adoptLegacyViews(db, 'u-cm-1', localStorage, now)).toBe(1);
    expect(localStorage.getItem(legacyViewsKey)).toBeNull();
    expect(await savedViewsOf(db, 'u-cm-1')).toEqual([view]);
    expect(await adoptLegacyViews(db, 'u-rv-1', localStorage, now)).toBe(0);
    expect(await savedViewsOf(db, 'u-rv-1')).toEqual([]);
    db.close();
  });

  it('drops a legacy list that is not JSON without failing, and removes it', async () => {
    const db = new DeskDatabase(`views-${crypto.randomUUID()}`);
    localStorage.setItem(legacyViewsKey, '{not json');
    expect(await adoptLegacyViews(db, 'u-cm-1', localStorage, now)).toBe(0);
    expect(localStorage.getItem(legacyViewsKey)).toBeNull();
    db.close();
  });
});
