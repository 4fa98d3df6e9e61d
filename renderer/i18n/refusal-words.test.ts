/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { cellDispute, gridActors, gridCells } from '../../shared/domain/case-action-grid';
import { caseActionAllowed } from '../../shared/domain/case-actions';
import { refusalCodes } from '../../shared/domain/refusals';
import { checkEvidenceOnTime, checkRefundWithinOrder } from '../../shared/domain/rules';
import { makeDispute, now } from '../../shared/domain/test-fixtures';
import { mutationRefusalCodes } from '../../shared/sync/protocol';
import { createI18n } from '.';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { refusalText, refusalWords } from './refusal-words';

type Words = Record<string, Record<string, string>>;
const locales = { en: en.refusals as unknown as Words, 'zh-CN': zhCN.refusals as unknown as Words };

// The shared rules' source, read at build time: the test finds every variant they give.
const ruleSources = import.meta.glob<string>(['../../shared/domain/*.ts', '../../shared/sync/*.ts', '!**/*.test.ts'], { query: '?raw', import: 'default', eager: true });

/** Every `variant: '…'` the shared rules give a refusal, read from their source. */
function variantsInRules(): string[] {
  const found = new Set<string>();
  for (const source of Object.values(ruleSources)) {
    for (const match of source.matchAll(/variant: '([a-z_]+)'/g)) found.add(match[1]!);
    for (const match of source.matchAll(/\? '(role_[a-z]+)' : '(role_[a-z]+)'/g)) found.add(match[1]!).add(match[2]!);
  }
  return [...found].sort();
}

describe('refusal words', () => {
  it.each(Object.entries(locales))('%s has words for every refusal code the rules and the service give', (_, words) => {
    const missing = mutationRefusalCodes.filter((code) => typeof words[code]?.default !== 'string' || words[code]!.default === '');
    expect(missing).toEqual([]);
    expect(refusalCodes.every((code) => words[code] !== undefined)).toBe(true);
  });

  it.each(Object.entries(locales))('%s words every refusal code in the list, main\'s "which actions fit" codes included', (_, words) => {
    const unworded = refusalCodes.filter((code) => typeof words[code]?.default !== 'string' || words[code]!.default.trim() === '');
    expect(unworded).toEqual([]);
    for (const code of ['already_claimed', 'no_requests'] as const) expect(refusalCodes).toContain(code);
  });

  it.each(['en', 'zh-CN'] as const)('words every refusal of which case actions fit in %s, by name, never an id', async (language) => {
    const i18n = await createI18n(language);
    const names: Record<string, string> = { 'u-cm-1': 'Ana Lima', 'u-cm-2': 'Mateo Rossi', 'u-rv-1': 'Rui Sato', 'u-tl-1': 'Lee Chen' };
    const problems = new Set<string>();
    let refused = 0;
    for (const cell of gridCells()) {
      const dispute = cellDispute(cell, 'D-1001', now);
      const result = caseActionAllowed(cell.action, dispute, { id: gridActors[cell.role].id, role: cell.role }, now);
      if (result.ok) continue;
      refused += 1;
      const { refusal } = result;
      const words = refusalWords(refusal, { t: i18n.t, locale: language, personName: (id) => names[id] ?? 'someone' });
      const where = `${cell.action} ${cell.state} ${cell.role} ${cell.holder} → ${refusal.code}`;
      if (refusal.params === undefined) problems.add(`${where}: no params`);
      if (words.lang === 'en') problems.add(`${where}: English message`);
      if (/D-1001|u-(cm|rv|tl)-\d|[a-z]+_[a-z_]+|\{\{|\d{4}-\d\d-\d\dT/.test(words.text)) problems.add(`${where}: ${words.text}`);
    }
    expect(refused).toBeGreaterThan(100);
    expect([...problems]).toEqual([]);
  });

  it('has words for every variant the shared rules use', () => {
    const variants = variantsInRules();
    expect(variants.length).toBeGreaterThan(20);
    const worded = new Set(Object.values(locales.en).flatMap((byVariant) => (typeof byVariant === 'object' ? Object.keys(byVariant) : [])));
    expect(variants.filter((variant) => !worded.has(variant))).toEqual([]);
  });

  it('words late evidence in Chinese with the item label and local dates, never the id or an ISO time', async () => {
    const i18n = await createI18n('zh-CN');
    const dispute = makeDispute();
    const request = { ...dispute.evidenceRequests[0]!, dueAt: '2026-11-28T08:44:39.000Z' };
    const item = { ...dispute.evidence[0]!, id: 'dba07ccd-9e03-4a5b-8c1d-000000000001', requestId: request.id, submittedAt: '2026-11-29T10:00:00.000Z', receivedAt: '2026-11-29T10:00:00.000Z' };
    const result = checkEvidenceOnTime(item, request);
    if (result.ok) throw new Error('expected a refusal');
    const text = refusalText(result.refusal, { t: i18n.t, locale: 'zh-CN', evidenceLabel: (id) => (id === item.id ? 'E-100180-1 · receipt.jpg' : undefined) });
    expect(text).toContain('E-100180-1 · receipt.jpg');
    expect(text).toContain('截止日期');
    expect(text).toContain('2026年11月28日');
    expect(text).not.toContain('dba07ccd');
    expect(text).not.toContain('T08:44');
    expect(text).not.toMatch(/Evidence|arrived/);
  });

  it('says "an item" for evidence it cannot name', async () => {
    const i18n = await createI18n('en');
    const text = refusalText({ code: 'evidence_not_found', message: 'Evidence x is not part…', params: { evidenceId: 'dba07ccd' } }, { t: i18n.t, locale: 'en', evidenceLabel: () => undefined });
    expect(text).toBe('An item is not part of this dispute. Remove it from the cited evidence, or reload the dispute if it was submitted just now.');
  });

  it('words money by locale and the refund by its kind', async () => {
    const i18n = await createI18n('zh-CN');
    const dispute = makeDispute();
    const result = checkRefundWithinOrder(dispute.order, { ...dispute.order.paid, amountMinor: dispute.order.paid.amountMinor + 100 }, 'partial_refund');
    if (result.ok) throw new Error('expected a refusal');
    const text = refusalText(result.refusal, { t: i18n.t, locale: 'zh-CN' });
    expect(text).toContain('部分退款');
    expect(text).toMatch(/US\$|\$/);
    expect(text).not.toMatch(/minor|USD \d/);
  });

  it('names people, never their ids', async () => {
    const i18n = await createI18n('zh-CN');
    const text = refusalText({ code: 'claimed_by_other', message: 'Dispute d is being worked by u-cm-2.', params: { userId: 'u-cm-2' } }, { t: i18n.t, locale: 'zh-CN', personName: () => 'Mateo' });
    expect(text).toBe('Mateo正在处理此纠纷。请选择其他纠纷，或请团队负责人重新分配。');
  });

  it('shows an older entry without params by its English message, marked as English', async () => {
    const i18n = await createI18n('zh-CN');
    expect(refusalWords({ code: 'new_evidence', message: 'New evidence arrived on dispute d-1.' }, { t: i18n.t, locale: 'zh-CN' })).toEqual({ text: 'New evidence arrived on dispute d-1.', lang: 'en' });
    expect(refusalWords({ code: 'some_future_code', message: 'Later words.', params: {} }, { t: i18n.t, locale: 'zh-CN' })).toEqual({ text: 'Later words.', lang: 'en' });
    expect(refusalWords({}, { t: i18n.t, locale: 'zh-CN' }).text).toBe(zhCN.attention.noMessage);
  });

  it('words a state transition with the state and event labels', async () => {
    const i18n = await createI18n('zh-CN');
    const text = refusalText({ code: 'invalid_transition', message: '…', params: { variant: 'transition', state: 'closed', event: 'escalate' } }, { t: i18n.t, locale: 'zh-CN' });
    expect(text).toBe('处于“已结案”状态的纠纷不能升级。请重新加载纠纷查看其当前进展。');
  });
});
