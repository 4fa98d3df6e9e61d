import { describe, expect, it } from 'vitest';
import { DeskDatabase } from './db';
import { adoptLegacyUserState, changeKey, dismissChange, dismissedBy } from './dismissed-changes';

async function freshDb(): Promise<DeskDatabase> {
  const db = new DeskDatabase(`dismissed-test-${crypto.randomUUID()}`);
  await db.open();
  return db;
}

const refused = { mutationId: 4, createdAt: '2026-11-26T10:00:00.000Z' };

describe('discarded refusals', () => {
  it('are kept per user: another user on this computer still sees the refusal', async () => {
    const db = await freshDb();
    await dismissChange(db, 'u-ana', refused);
    expect(await dismissedBy(db, 'u-ana')).toEqual(new Set([changeKey(refused)]));
    expect(await dismissedBy(db, 'u-ben')).toEqual(new Set());
  });

  it('move from local storage to the first user to sign in, once, with the old drafts; the keys are removed', async () => {
    const db = await freshDb();
    localStorage.clear();
    localStorage.setItem('desk.dismissedChanges', JSON.stringify([changeKey(refused)]));
    localStorage.setItem('desk.rulingDraft.D-7', JSON.stringify({ savedAt: '2026-11-26T10:00:00.000Z', values: { rationale: 'Half.' } }));
    localStorage.setItem('desk.rulingDraft.D-8', '{not json');
    localStorage.setItem('desk.language', 'en');
    await adoptLegacyUserState(db, 'u-ana', localStorage);
    expect(await dismissedBy(db, 'u-ana')).toEqual(new Set([changeKey(refused)]));
    expect(await db.drafts.toArray()).toEqual([{ userId: 'u-ana', disputeId: 'D-7', savedAt: '2026-11-26T10:00:00.000Z', values: { rationale: 'Half.' } }]);
    expect(Object.keys(localStorage)).toEqual(['desk.language']);
    await adoptLegacyUserState(db, 'u-ben', localStorage);
    expect(await dismissedBy(db, 'u-ben')).toEqual(new Set());
  });

  it('shows every refusal again when the old list cannot be read, and still removes it', async () => {
    const db = await freshDb();
    localStorage.clear();
    localStorage.setItem('desk.dismissedChanges', '{"oops"');
    await adoptLegacyUserState(db, 'u-ana', localStorage);
    expect(await db.dismissals.count()).toBe(0);
    expect(localStorage.getItem('desk.dismissedChanges')).toBeNull();
  });
});
