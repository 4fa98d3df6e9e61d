import { describe, expect, it } from 'vitest';
import { makeDispute, makeEvidence, makeRequest } from '../../../shared/domain/test-fixtures';
import { toLocal, type QueueRow } from '../../data/db';
import { lateThenExtended } from '../../data/test-fixtures';
import { activeFilterCount, applyFilter, noFilter } from './filter';

const now = new Date('2026-11-26T12:00:00.000Z');

function row(id: string, changes: Partial<QueueRow>): QueueRow {
  return { ...toLocal(makeDispute({ id })).row, ...changes };
}

const rows = [
  row('D-1', { reason: 'not_received', country: 'BR', amountMinor: 5000, nextDueAt: '2026-11-26T10:00:00.000Z', openedAt: '2026-11-01T00:00:00.000Z', sellerName: 'Harbour Toys' }),
  row('D-2', { reason: 'late_delivery', country: 'CN', amountMinor: 1500, nextDueAt: '2026-11-26T20:00:00.000Z', openedAt: '2026-10-01T00:00:00.000Z', sellerName: 'Lotus Home' }),
  row('D-3', { reason: 'not_received', country: 'BR', amountMinor: 25000, nextDueAt: '2026-11-29T10:00:00.000Z', openedAt: '2026-11-20T00:00:00.000Z', sellerName: 'Lotus Garden' }),
];

describe('applyFilter', () => {
  it('lets everything through with no filter, sorted by due date', () => {
    expect(applyFilter(rows, noFilter, 'due', now).map((r) => r.id)).toEqual(['D-1', 'D-2', 'D-3']);
  });

  it('filters by reason, country, seller and amount together', () => {
    const filter = { ...noFilter, reasons: ['not_received' as const], country: 'BR', seller: 'lotus', minAmount: 100 };
    expect(applyFilter(rows, filter, 'due', now).map((r) => r.id)).toEqual(['D-3']);
  });

  it('filters by due window relative to now', () => {
    expect(applyFilter(rows, { ...noFilter, due: 'overdue' }, 'due', now).map((r) => r.id)).toEqual(['D-1']);
    expect(applyFilter(rows, { ...noFilter, due: 'within24h' }, 'due', now).map((r) => r.id)).toEqual(['D-2']);
    expect(applyFilter(rows, { ...noFilter, due: 'within72h' }, 'due', now).map((r) => r.id)).toEqual(['D-2', 'D-3']);
  });

  it('sorts by age (oldest first) and by amount (largest first)', () => {
    expect(applyFilter(rows, noFilter, 'age', now).map((r) => r.id)).toEqual(['D-2', 'D-1', 'D-3']);
    expect(applyFilter(rows, noFilter, 'amount', now).map((r) => r.id)).toEqual(['D-3', 'D-1', 'D-2']);
  });

  it('keeps only what the search found', () => {
    expect(applyFilter(rows, noFilter, 'due', now, new Set(['D-3'])).map((r) => r.id)).toEqual(['D-3']);
  });
});

describe('the evidence checks filter', () => {
  const flagged = [
    row('D-1', { evidenceFlags: ['late', 'near_duplicate'] }),
    row('D-2', { evidenceFlags: [] }),
    row('D-3', { evidenceFlags: ['possibly_edited'] }),
  ];

  it('keeps disputes with any of the chosen flags', () => {
    expect(applyFilter(flagged, { ...noFilter, evidenceFlags: ['near_duplicate', 'possibly_edited'] }, 'due', now).map((r) => r.id).sort()).toEqual(['D-1', 'D-3']);
    expect(applyFilter(flagged, { ...noFilter, evidenceFlags: ['late'] }, 'due', now).map((r) => r.id)).toEqual(['D-1']);
  });

  it('treats a view saved before the filter existed as no flag filter', () => {
    const oldView = { ...noFilter };
    delete oldView.evidenceFlags;
    expect(applyFilter(flagged, oldView, 'due', now)).toHaveLength(3);
  });

  it('derives late from the requests and flags from the items', () => {
    const request = makeRequest({ id: 'R-9', dueAt: '2026-11-20T00:00:00Z' });
    const late = makeEvidence({ id: 'E-late', requestId: 'R-9', submittedAt: '2026-11-21T00:00:00Z', flags: [] });
    const onTime = makeEvidence({ id: 'E-ok', requestId: 'R-9', submittedAt: '2026-11-19T00:00:00Z', flags: [{ code: 'duplicate_exact', reason: 'Seen before.', details: {} }] });
    expect(toLocal(makeDispute({ id: 'D-9', evidenceRequests: [request], evidence: [late, onTime] })).row.evidenceFlags).toEqual(['duplicate_exact', 'late']);
  });
});

describe('the late filter after evidence.extendDue (issue 17)', () => {
  it('finds an item late against its due date, and no longer once the due date moved past it, whatever the desk flagged', async () => {
    const { before, after } = await lateThenExtended();
    const late = { ...noFilter, evidenceFlags: ['late' as const] };
    expect(applyFilter([before.row], late, 'due', now).map((r) => r.id)).toEqual(['D-1001']);
    expect(after.dispute.evidence[0]!.flags?.map((flag) => flag.code)).toEqual(['late']);
    expect(applyFilter([after.row], late, 'due', now)).toEqual([]);
  });
});

describe('the Filters button count', () => {
  it('counts each part of the filter that narrows anything', () => {
    expect(activeFilterCount(noFilter)).toBe(0);
    expect(activeFilterCount({ ...noFilter, reasons: ['other'], country: 'BR', minAmount: 0, due: 'overdue', evidenceFlags: ['late'] })).toBe(5);
    expect(activeFilterCount({ ...noFilter, seller: '   ' })).toBe(0);
  });
});
