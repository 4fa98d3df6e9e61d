import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../data/audit-records';
import { createI18n } from '../../i18n';
import en from '../../i18n/locales/en.json';
import zhCN from '../../i18n/locales/zh-CN.json';
import { csvField, decisionReason, decisionsCsv, distinctValues, filterDecisions, noDecisionFilter } from './decision-log';

const base = { citedEvidenceIds: [], policyCodes: [] };
const records: DecisionRecord[] = [
  { ...base, seq: 1, at: '2026-11-01T10:00:00.000Z', day: '2026-11-01', actor: 'u-cm-1', action: 'ruling.record', disputeId: 'D-1', outcome: 'full_refund', refundMinor: 2599, currency: 'EUR', reason: 'not_received', country: 'BR', sellerId: 'S-1', sellerName: 'Lotus Home', rationale: 'Never shipped, per "tracking".' },
  { ...base, seq: 2, at: '2026-11-02T10:00:00.000Z', day: '2026-11-02', actor: 'u-cm-2', action: 'ruling.record', disputeId: 'D-2', outcome: 'claim_rejected', reason: 'late_delivery', country: 'CN', sellerId: 'S-2', sellerName: 'Harbour Toys', rationale: '=HYPERLINK("x")' },
  { seq: 3, at: '2026-11-03T10:00:00.000Z', day: '2026-11-03', actor: 'u-tl-1', action: 'ruling.overturn', disputeId: 'D-1', ruledBy: 'u-cm-1', overturnReason: 'Misread', country: 'BR', sellerId: 'S-1', sellerName: 'Lotus Home' },
  { seq: 4, at: '2026-11-03T11:00:00.000Z', day: '2026-11-03', actor: 'u-cm-2', action: 'mutation.rejected', disputeId: 'D-3', code: 'already_ruled', message: 'Already ruled.' },
];

describe('the decision log', () => {
  it('filters by case manager, outcome, reason, dates, country, seller and dispute, newest first', () => {
    expect(filterDecisions(records, noDecisionFilter).map((record) => record.seq)).toEqual([4, 3, 2, 1]);
    expect(filterDecisions(records, { ...noDecisionFilter, actor: 'u-cm-2' }).map((record) => record.seq)).toEqual([4, 2]);
    expect(filterDecisions(records, { ...noDecisionFilter, outcome: 'full_refund' }).map((record) => record.seq)).toEqual([1]);
    expect(filterDecisions(records, { ...noDecisionFilter, reason: 'late_delivery' }).map((record) => record.seq)).toEqual([2]);
    expect(filterDecisions(records, { ...noDecisionFilter, from: '2026-11-02', to: '2026-11-02' }).map((record) => record.seq)).toEqual([2]);
    expect(filterDecisions(records, { ...noDecisionFilter, country: 'BR' }).map((record) => record.seq)).toEqual([3, 1]);
    expect(filterDecisions(records, { ...noDecisionFilter, search: 'lotus' }).map((record) => record.seq)).toEqual([3, 1]);
    expect(filterDecisions(records, { ...noDecisionFilter, search: 's-2' }).map((record) => record.seq)).toEqual([2]);
    expect(filterDecisions(records, { ...noDecisionFilter, search: 'd-3' }).map((record) => record.seq)).toEqual([4]);
    expect(filterDecisions(records, { ...noDecisionFilter, action: 'ruling.overturn', country: 'CN' })).toEqual([]);
    expect(distinctValues(records, 'actor')).toEqual(['u-cm-1', 'u-cm-2', 'u-tl-1']);
  });

  it('exports CSV that a spreadsheet reads back as written, formulas shown as text', () => {
    const csv = decisionsCsv(filterDecisions(records, { ...noDecisionFilter, action: 'ruling.record' }), new Map([['u-cm-1', 'Li Na (李娜)']]));
    expect(csv.startsWith('\uFEFFseq,at,actor_id,actor_name,action,dispute,outcome,refund,currency')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('u-cm-1,Li Na (李娜),ruling.record,D-1,full_refund,25.99,EUR,not_received,BR,S-1,Lotus Home');
    expect(lines[2]).toContain('"Never shipped, per ""tracking""."');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[3]).toBe('');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('-5')).toBe("'-5");
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('gives the decision’s own reason, not the dispute’s: policies by label, else the rationale; an overturn’s or refusal’s reason', async () => {
    const i18n = await createI18n('en');
    const reason = (record: DecisionRecord) => decisionReason(record, i18n.t, 'en');
    const ruled = { ...records[0]!, policyCodes: ['evidence.not-forged', 'return.confirmed-address'] };
    expect(reason(ruled)).toBe('No forged, modified or repeated evidence, Return only to the confirmed address');
    expect(reason(ruled)).not.toContain('Not received');
    expect(reason(records[0]!)).toBe('Never shipped, per "tracking".');
    expect(reason({ ...records[1]!, rejectionReason: 'insufficient_evidence' })).toBe('Insufficient evidence');
    expect(reason(records[2]!)).toBe('Misread');
    // A refusal by its code's words, not the service's English sentence ('Already ruled.').
    expect(reason(records[3]!)).toBe(en.refusals.already_ruled.default);
    const zh = await createI18n('zh-CN');
    expect(decisionReason(records[3]!, zh.t, 'zh-CN')).toBe(zhCN.refusals.already_ruled.default);
    expect(decisionReason(ruled, zh.t, 'zh-CN')).not.toMatch(/[a-z]+\.[a-z-]+/);
  });

  it('names the colleague a logged refusal is about, from the params the service logged with it', async () => {
    const i18n = await createI18n('en');
    const names: Record<string, string> = { 'u-cm-1': 'Li Na' };
    const refused: DecisionRecord = { ...records[3]!, code: 'claimed_by_other', message: 'u-cm-1 is working on this dispute.', refusalParams: { userId: 'u-cm-1' } };
    expect(decisionReason(refused, i18n.t, 'en', (id) => names[id] ?? 'A former colleague')).toBe(
      'Li Na is working on this dispute. Pick another dispute, or ask a team lead to reassign this one.',
    );
    // An entry logged before params: the same sentence with a neutral word, never the id.
    const older: DecisionRecord = { ...refused, refusalParams: undefined };
    expect(decisionReason(older, i18n.t, 'en', (id) => names[id] ?? 'A former colleague')).not.toContain('u-cm-1');
  });
});
