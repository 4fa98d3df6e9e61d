import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeDispute, makeEvidence } from '../../../shared/domain/test-fixtures';
import { putRows } from '../../data/test-fixtures';
import { DeskDatabase, toLocal } from '../../data/db';
import { prefetchList } from './prefetch-list';

const sha = (digit: string) => digit.repeat(64);

describe('the background fetch list', () => {
  it('names the evidence of second reviews waiting for the user, then of their open cases by due date, each file once', async () => {
    const db = new DeskDatabase(`prefetch-${crypto.randomUUID()}`);
    const disputes = [
      makeDispute({ id: 'D-late', assignee: 'u-1', state: 'under_review', evidence: [makeEvidence({ id: 'E-1', sha256: sha('a'), sizeBytes: 10 })] }),
      makeDispute({ id: 'D-closed', assignee: 'u-1', state: 'closed', evidence: [makeEvidence({ id: 'E-2', sha256: sha('b'), sizeBytes: 20 })] }),
      makeDispute({ id: 'D-other', assignee: 'u-2', state: 'under_review', evidence: [makeEvidence({ id: 'E-3', sha256: sha('c'), sizeBytes: 30 })] }),
    ];
    for (const dispute of disputes) {
      const local = toLocal(dispute);
      await db.disputes.put(local.stored);
      await putRows(db, [{ row: local.row }]);
    }
    expect(await prefetchList(db, 'u-1')).toEqual([{ sha256: sha('a'), sizeBytes: 10 }]);
    expect(await prefetchList(db, 'u-9')).toEqual([]);
  });
});

describe('a busy user’s background fetch list', () => {
  it('stops at its limit, the most urgent files first, without reading every dispute', async () => {
    const db = new DeskDatabase(`prefetch-${crypto.randomUUID()}`);
    for (let index = 0; index < 600; index += 1) {
      const dispute = makeDispute({
        id: `D-${String(index).padStart(4, '0')}`,
        assignee: 'u-1',
        state: 'under_review',
        evidenceRequests: [],
        evidence: [makeEvidence({ id: `E-${index}`, sha256: String(index).padStart(64, '0'), sizeBytes: index })],
      });
      const local = toLocal(dispute);
      await db.disputes.put(local.stored);
      await putRows(db, [{ row: local.row }]);
    }
    let reads = 0;
    db.disputes.hook('reading', (stored) => {
      reads += 1;
      return stored;
    });
    const files = await prefetchList(db, 'u-1', 300);
    expect(files).toHaveLength(300);
    expect(new Set(files.map((file) => file.sha256)).size).toBe(300);
    // Two reads of 250 disputes filled it; the last 100 were never read.
    expect(reads).toBe(500);
  });
});
