import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import {
  disputeReasonSchema,
  disputeStateSchema,
  evidenceKindSchema,
  returnStageSchema,
  rulingOutcomeSchema,
  type Dispute,
} from '../../../shared/domain/model';
import { makeDispute, makeDraft, makeEvidence, makeOffer, makeRequest, now, refusalOf, usd } from '../../../shared/domain/test-fixtures';
import { applyMutation, type Actor } from '../../../shared/sync/apply';
import { createI18n, type LanguageCode } from '../../i18n';
import en from '../../i18n/locales/en.json';
import zhCN from '../../i18n/locales/zh-CN.json';
import { actionsNow, negotiationOf, requestStatus } from './case-facts';
import { CaseView } from './CaseView';
import { formatBytes, formatMoney } from '../../ui/format';

const caseManager: Actor = { id: 'cm-1', role: 'case_manager' };

async function renderCase(
  dispute: Dispute,
  options: { language?: LanguageCode; actor?: Actor | null; onAction?: (name: string) => void } = {},
) {
  const i18n = await createI18n(options.language ?? 'en');
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <CaseView dispute={dispute} now={now} actor={options.actor === null ? undefined : (options.actor ?? caseManager)} onAction={options.onAction} />
      </MantineProvider>
    </I18nextProvider>,
  );
}

function section(name: string): HTMLElement {
  const heading = screen.getByRole('heading', { level: 3, name });
  const found = heading.closest('section');
  if (!found) throw new Error(`The heading "${name}" is not inside a section`);
  return found;
}

function rowOf(table: HTMLElement, text: string): HTMLElement {
  const row = within(table).getByText(text).closest('tr');
  if (!row) throw new Error(`"${text}" is not in a table row`);
  return row;
}

describe('CaseView', () => {
  it('shows the dispute, its order, the claim, the parties and the negotiation in time order', async () => {
    await renderCase(
      makeDispute({
        messages: [
          { id: 'M-2', from: 'seller', body: '请提供视频。', language: 'zh-CN', at: '2025-02-21T10:00:00Z' },
          { id: 'M-1', from: 'buyer', body: 'Um fone não carrega.', language: 'pt-BR', at: '2025-02-20T10:00:00Z' },
        ],
        offers: [makeOffer({ at: '2025-02-22T09:00:00Z' })],
      }),
    );
    const view = screen.getByRole('region', { name: 'Dispute D-1001' });
    expect(within(view).getByRole('heading', { level: 2, name: 'Dispute D-1001' })).toBeInTheDocument();
    expect(screen.getByText('Under review')).toBeInTheDocument();
    expect(screen.getByText('Not as described')).toBeInTheDocument();

    const order = section('Order');
    expect(within(order).getByText('O-5001')).toBeInTheDocument();
    expect(within(rowOf(order, 'Wireless earbuds × 2')).getByText('$20.00')).toBeInTheDocument();
    expect(within(order).getByText('$40.00')).toBeInTheDocument();
    expect(within(section("Buyer's claim")).getByText('One earbud does not charge.')).toBeInTheDocument();

    const parties = section('Parties');
    expect(within(rowOf(parties, 'Ana Souza')).getByText('Brazil')).toBeInTheDocument();
    expect(within(rowOf(parties, 'Shenzhen Audio Co.')).getByText('China')).toBeInTheDocument();

    const timeline = section('Negotiation');
    const text = timeline.textContent ?? '';
    expect(text.indexOf('Um fone não carrega.')).toBeLessThan(text.indexOf('请提供视频。'));
    expect(text.indexOf('请提供视频。')).toBeLessThan(text.indexOf('Seller offered a refund of $15.00'));
    expect(within(timeline).getByText('Um fone não carrega.')).toHaveAttribute('lang', 'pt-BR');
    expect(within(timeline).getByText('请提供视频。')).toHaveAttribute('lang', 'zh-CN');
    expect(within(timeline).getByText('Latest seller offer')).toBeInTheDocument();
  });

  it('shows markup in a message as the characters typed, creating no elements from it', async () => {
    const body = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const { container } = await renderCase(
      makeDispute({ messages: [{ id: 'M-1', from: 'buyer', body, language: 'en', at: '2025-02-20T10:00:00Z' }] }),
    );
    expect(within(section('Negotiation')).getByText(body)).toHaveAttribute('lang', 'en');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('marks evidence that came after its request was due as late, and only that', async () => {
    await renderCase(
      makeDispute({
        evidenceRequests: [makeRequest()],
        evidence: [
          makeEvidence(),
          makeEvidence({ id: 'E-2', channel: 'external_link', url: 'https://files.example/late.mp4', fileName: undefined, sizeBytes: undefined, submittedAt: '2025-03-06T09:00:00Z' }),
        ],
      }),
    );
    const evidence = section('Evidence');
    expect(within(rowOf(evidence, 'E-2')).getByText('Late')).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-2')).getByText('https://files.example/late.mp4')).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-2')).getByText('External link')).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-1')).queryByText('Late')).toBeNull();
    expect(within(rowOf(evidence, 'E-1')).getByText('charging.mp4')).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-1')).getByText('1.5 MB')).toBeInTheDocument();
  });

  it('shows what the desk\'s checks found on each piece of evidence, "No flags" when they found nothing, and nothing for unchecked evidence', async () => {
    await renderCase(
      makeDispute({
        evidence: [
          makeEvidence({ id: 'E-1' }),
          makeEvidence({ id: 'E-2', flags: [] }),
          makeEvidence({
            id: 'E-3',
            fileName: 'box.jpg',
            flags: [{ code: 'type_mismatch', reason: 'Renamed.', details: { claimedExtension: 'jpg', actualType: 'image/png' } }],
          }),
        ],
      }),
    );
    const evidence = section('Evidence');
    expect(within(evidence).getByRole('columnheader', { name: 'Checks' })).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-1')).queryByText('No flags')).toBeNull();
    expect(within(rowOf(evidence, 'E-2')).getByText('No flags')).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-3')).getByText('Type mismatch')).toBeInTheDocument();
    expect(within(rowOf(evidence, 'E-3')).getByText('Named .jpg, but the bytes are image/png. Ask the party why it was renamed.')).toBeInTheDocument();
  });

  it('shows the evidence intake it is given after the evidence', async () => {
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <CaseView dispute={makeDispute()} now={now} actor={caseManager} evidenceIntake={<p>intake slot</p>} />
        </MantineProvider>
      </I18nextProvider>,
    );
    const text = screen.getByRole('region', { name: 'Dispute D-1001' }).textContent ?? '';
    expect(text.indexOf('intake slot')).toBeGreaterThan(text.indexOf('Neither party has submitted evidence.'));
  });

  it('says which evidence requests are overdue, due within a day or answered', async () => {
    await renderCase(
      makeDispute({
        evidenceRequests: [
          makeRequest({ id: 'R-1' }),
          makeRequest({ id: 'R-2', party: 'seller', kinds: ['photo', 'document'], dueAt: '2025-03-11T06:00:00Z' }),
          makeRequest({ id: 'R-3', dueAt: '2025-03-09T12:00:00Z' }),
        ],
        evidence: [makeEvidence({ requestId: 'R-1' })],
      }),
    );
    const requests = section('Evidence requests');
    expect(within(rowOf(requests, 'R-1')).getByText('Answered')).toBeInTheDocument();
    expect(within(rowOf(requests, 'R-2')).getByText('Due within 24 h')).toBeInTheDocument();
    expect(within(rowOf(requests, 'R-2')).getByText('Photo and Document')).toBeInTheDocument();
    expect(within(rowOf(requests, 'R-3')).getByText('Overdue')).toBeInTheDocument();
  });

  it('explains with the rules\' own words that a cancelled dispute cannot be ruled', async () => {
    const dispute = makeDispute({ state: 'cancelled' });
    const expected = refusalOf(
      applyMutation(dispute, { name: 'ruling.record', args: { disputeId: dispute.id, draft: makeDraft() } }, dispute.version, { actor: caseManager, now }),
    );
    await renderCase(dispute);
    const record = screen.getByRole('button', { name: 'Record ruling' });
    expect(record).toBeDisabled();
    expect(record).toHaveAccessibleDescription(expect.stringContaining('The buyer cancelled this claim'));
    expect(expected.code).toBe('claim_cancelled');
  });

  it('tells a case manager that a dispute claimed by someone else is theirs', async () => {
    await renderCase(makeDispute({ assignee: 'cm-2' }));
    for (const name of ['Claim', 'Release', 'Record ruling']) {
      const button = screen.getByRole('button', { name });
      expect(button).toBeDisabled();
      // Named, never by id: cm-2 is not on this desk's team list, so "a former colleague".
      expect(button).toHaveAccessibleDescription(expect.stringContaining('A former colleague'));
      expect(button).not.toHaveAccessibleDescription(expect.stringContaining('cm-2'));
    }
    expect(screen.getByRole('button', { name: 'Claim' })).toHaveAccessibleDescription(expect.stringContaining('A former colleague is working on this dispute'));
  });

  it('offers what the rules allow and passes a click on', async () => {
    const onAction = vi.fn();
    await renderCase(makeDispute(), { onAction });
    expect(screen.getByRole('button', { name: 'Release' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Claim' }));
    await userEvent.click(screen.getByRole('button', { name: 'Record ruling' }));
    expect(onAction.mock.calls).toEqual([['dispute.claim'], ['ruling.record']]);
    for (const name of ['Request evidence', 'Add internal note', 'Record agreed terms']) expect(screen.getByRole('button', { name })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Extend a due date' })).toHaveAccessibleDescription('This dispute has no evidence request whose due date could move.');
  });

  it('allows nothing without a signed-in team member, and nothing to a reviewer', async () => {
    const dispute = makeDispute();
    expect(actionsNow(dispute, undefined, now).every((action) => !action.allowed && action.refusal === 'signed_out')).toBe(true);
    const reviewer = actionsNow(dispute, { id: 'rv-1', role: 'reviewer' }, now);
    expect(reviewer.map((action) => (action.allowed ? 'allowed' : typeof action.refusal === 'string' ? action.refusal : action.refusal.code))).toEqual(
      Array(7).fill('not_allowed'),
    );
    await renderCase(dispute, { actor: null });
    expect(screen.getByRole('button', { name: 'Claim' })).toHaveAccessibleDescription('Sign in to the case service to work on disputes.');
  });

  it('shows the return with its confirmed address and tracking, and the recorded ruling', async () => {
    await renderCase(
      makeDispute({
        state: 'ruled',
        return: {
          stage: 'shipped',
          requestedAt: '2025-02-26T09:00:00Z',
          address: 'Room 5, 18 Keji Road, Shenzhen',
          addressConfirmedAt: '2025-02-27T09:00:00Z',
          trackingNumber: 'RT123456',
          shippedAt: '2025-02-28T09:00:00Z',
        },
        ruling: { ...makeDraft({ outcome: 'refund_after_return' }), refund: usd(4000), ruledBy: 'cm-1', ruledAt: '2025-03-01T09:00:00Z' },
      }),
    );
    const productReturn = section('Return');
    expect(within(productReturn).getByText('Room 5, 18 Keji Road, Shenzhen')).toBeInTheDocument();
    expect(within(productReturn).getByText('Tracking number: RT123456')).toBeInTheDocument();
    expect(within(productReturn).getAllByText('Not yet')).toHaveLength(2);
    const ruling = section('Ruling');
    expect(within(ruling).getByText('Refund after return')).toBeInTheDocument();
    expect(within(ruling).getByText('$40.00')).toBeInTheDocument();
    expect(within(ruling).getByText('cm-1')).toBeInTheDocument();
  });

  it('formats money in the UI language', async () => {
    await renderCase(makeDispute({ claim: { description: 'Broken.', requestedRefund: usd(1234) } }));
    expect(within(section("Buyer's claim")).getByText('$12.34')).toBeInTheDocument();
  });

  it('speaks Simplified Chinese', async () => {
    await renderCase(makeDispute(), { language: 'zh-CN' });
    for (const name of ['订单', '当事人', '协商记录', '证据请求', '裁决']) {
      expect(screen.getByRole('heading', { level: 3, name })).toBeInTheDocument();
    }
    expect(screen.getByRole('heading', { level: 2, name: '纠纷 D-1001' })).toBeInTheDocument();
    expect(screen.getByText('审核中')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '记录裁决' })).toBeEnabled();
  });

  it('has a label in both languages for every state, reason, kind, return stage and outcome', () => {
    const labels = [
      ...disputeStateSchema.options.map((value) => ['state', value]),
      ...disputeReasonSchema.options.map((value) => ['reason', value]),
      ...evidenceKindSchema.options.map((value) => ['evidenceKind', value]),
      ...returnStageSchema.options.map((value) => ['return.stage', value]),
      ...rulingOutcomeSchema.options.map((value) => ['ruling.outcomes', value]),
    ];
    for (const locale of [en, zhCN]) {
      for (const [group, value] of labels) {
        const found = `${group}.${value}`.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], locale.case);
        expect(typeof found, `case.${group}.${value}`).toBe('string');
      }
    }
  });
});

describe('case facts', () => {
  it('interleaves messages and offers by time, messages first at the same moment', () => {
    const at = '2025-02-22T09:00:00Z';
    const entries = negotiationOf({
      messages: [{ id: 'M-1', from: 'buyer', body: 'Hi', language: 'en', at }],
      offers: [makeOffer({ at: '2025-02-21T09:00:00Z' }), makeOffer({ id: 'F-2', at })],
    });
    expect(entries.map((entry) => (entry.kind === 'message' ? entry.message.id : entry.offer.id))).toEqual(['F-1', 'M-1', 'F-2']);
  });

  it('counts a request overdue only after its due date and due soon within the day before', () => {
    const request = makeRequest({ dueAt: '2025-03-11T12:00:00Z' });
    expect(requestStatus(request, [], now)).toBe('due_soon');
    expect(requestStatus(request, [], '2025-03-11T12:00:00Z')).toBe('due_soon');
    expect(requestStatus(request, [], '2025-03-11T12:00:00.001Z')).toBe('overdue');
    expect(requestStatus(request, [], '2025-03-10T11:59:59Z')).toBe('open');
  });

  it('formats money by the currency\'s own minor unit and sizes in decimal units', () => {
    expect(formatMoney(usd(1234), 'en')).toBe('$12.34');
    expect(formatMoney(usd(1234), 'zh-CN')).toBe('US$12.34');
    expect(formatMoney({ amountMinor: 1234, currency: 'JPY' }, 'en')).toBe('¥1,234');
    expect(formatBytes(2_000_000, 'en')).toBe('2 MB');
  });
});
