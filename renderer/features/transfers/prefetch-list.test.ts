import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeDispute, makeEvidence } from '../../../shared/domain/test-fixtures';
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
      await db.rows.put(local.row);
    }
    expect(await prefetchList(db, 'u-1')).toEqual([{ sha256: sha('a'), sizeBytes: 10 }]);
    expect(await prefetchList(db, 'u-9')).toEqual([]);
  });
});
