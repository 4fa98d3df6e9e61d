import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../shared/audit/verify';
import { readAuditPage } from './audit';
import { testDatabaseKinds } from './db/testing';
import { seedDemoWorkspace } from './seed';

describe('the demo workspace', () => {
  it('has the generated rulings in its audit log, oldest first, chained so that it verifies', async () => {
    const [kind] = testDatabaseKinds();
    const db = await kind!.open();
    try {
      await seedDemoWorkspace(db, { disputes: 300, seed: 7, media: false, now: new Date('2026-11-26T10:00:00.000Z') });
      const page = await readAuditPage(db, 0, 5_000);
      const [ruled] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM disputes WHERE doc ? 'ruling'");
      const rulings = page.entries.filter((entry) => entry.action === 'ruling.record');
      expect(rulings.length).toBe(ruled!.count);
      expect(rulings.length).toBeGreaterThan(20);
      expect(rulings.map((entry) => entry.at)).toEqual(rulings.map((entry) => entry.at).sort());
      expect(rulings[0]!.payload).toMatchObject({ demoHistory: true, outcome: expect.any(String) });
      expect(page.entries.at(-1)!.action).toBe('workspace.seeded');
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      await expect(verifyAuditChain(page.entries, sha256, page.head ?? undefined)).resolves.toMatchObject({ ok: true, count: page.entries.length });
    } finally {
      await db.close();
    }
  });
});
