import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
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
import { makeDispute, makeDraft, makeEvidence, makeOffer, makeRequest, now, usd } from '../../../shared/domain/test-fixtures';
import type { Actor } from '../../../shared/sync/apply';
import { createI18n, type LanguageCode } from '../../i18n';
import en from '../../i18n/locales/en.json';
import zhCN from '../../i18n/locales/zh-CN.json';
import { actionsNow, negotiationOf, requestStatus } from './case-facts';
import { CaseView } from './CaseView';
import { formatBytes, formatMoney } from '../../ui/format';

const caseManager: Actor = { id: 'cm-1', role: 'case_manager' };
const team: Record<string, string> = { 'cm-1': 'Li Na', 'cm-2': 'Mateo Cruz', 'rv-1': 'Sofia Rossi' };
/** As the shell's usePersonName: a name for every id, never the id. */
const personName = (id: string | undefined) => (id === undefined ? 'A former colleague' : (team[id] ?? 'A former colleague'));

async function renderCase(
  dispute: Dispute,
  options: { language?: LanguageCode; actor?: Actor | null; onAction?: (name: string) => void; nameOf?: (id: string | undefined) => string; secondReview?: ReactNode } = {},
) {
  const i18n = await createI18n(options.language ?? 'en');
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <CaseView
          dispute={dispute}
          now={now}
          actor={options.actor === null ? undefined : (options.actor ?? caseManager)}
          personName={options.nameOf ?? personName}
          onAction={options.onAction}
          secondReview={options.secondReview}
        />
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

/** The evidence card (a list item of the grid) showing `text`. */
function cardOf(grid: HTMLElement, text: string): HTMLElement {
  const card = within(grid).getByText(text).closest('li');
  if (!card) throw new Error(`"${text}" is not in an evidence card`);
  return card;
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

    const header = screen.getByTestId('case-header');
    expect(within(header).getByText('Ana Souza, Brazil')).toBeInTheDocument();
    expect(within(header).getByText('Shenzhen Audio Co., China')).toBeInTheDocument();
    expect(within(header).getByText('$40.00 of $40.00 paid')).toBeInTheDocument();

    const timeline = section('Timeline');
    const text = timeline.textContent ?? '';
    expect(text.indexOf('Um fone não carrega.')).toBeLessThan(text.indexOf('请提供视频。'));
    expect(text.indexOf('请提供视频。')).toBeLessThan(text.indexOf('Shenzhen Audio Co. (Seller) offered a refund of $15.00'));
    expect(within(timeline).getByText('Um fone não carrega.')).toHaveAttribute('lang', 'pt-BR');
    expect(within(timeline).getByText('请提供视频。')).toHaveAttribute('lang', 'zh-CN');
    expect(within(timeline).getByText('Latest seller offer')).toBeInTheDocument();
  });

  it('shows markup in a message as the characters typed, creating no elements from it', async () => {
    const body = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const { container } = await renderCase(
      makeDispute({ messages: [{ id: 'M-1', from: 'buyer', body, language: 'en', at: '2025-02-20T10:00:00Z' }] }),
    );
    expect(within(section('Timeline')).getByText(body)).toHaveAttribute('lang', 'en');
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
    expect(within(cardOf(evidence, 'E-2')).getByText('Late')).toBeInTheDocument();
    expect(within(cardOf(evidence, 'E-2')).getByText('https://files.example/late.mp4')).toBeInTheDocument();
    expect(within(cardOf(evidence, 'E-1')).queryByText('Late')).toBeNull();
    expect(within(cardOf(evidence, 'E-1')).getByText('charging.mp4')).toBeInTheDocument();
    expect(cardOf(evidence, 'E-1').textContent).toContain('Video · 1.5 MB · ');
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
    expect(within(cardOf(evidence, 'E-1')).queryByText('No flags')).toBeNull();
    expect(within(cardOf(evidence, 'E-2')).getByText('No flags')).toBeInTheDocument();
    // A compact chip: its sentence opens on demand, not on every card.
    const sentence = 'Named .jpg, but the bytes are image/png. Ask the party why it was renamed.';
    expect(screen.queryByText(sentence)).toBeNull();
    await userEvent.click(within(cardOf(evidence, 'E-3')).getByRole('button', { name: 'Type mismatch' }));
    expect(await screen.findByText(sentence)).toBeInTheDocument();
  });

  it('shows the evidence intake it is given after the evidence', async () => {
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <CaseView dispute={makeDispute()} now={now} actor={caseManager} personName={personName} evidenceIntake={<p>intake slot</p>} />
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
    const requestOf = (text: string) => within(requests).getByText(text).closest('li')!;
    expect(within(requestOf('R-1 · Buyer · Video')).getByText('Answered')).toBeInTheDocument();
    expect(within(requestOf('R-2 · Seller · Photo and Document')).getByText('Due within 24 h')).toBeInTheDocument();
    expect(within(requestOf('R-3 · Buyer · Video')).getByText('Overdue')).toBeInTheDocument();
    // The header counts down to the earliest unanswered due date (R-3's, a day ago).
    expect(within(screen.getByTestId('case-header')).getByText(/^Due /)).toHaveTextContent(/ago/);
  });

  it('offers nothing but a note on a cancelled dispute', async () => {
    await renderCase(makeDispute({ state: 'cancelled' }));
    for (const name of ['Claim', 'Release', 'Record ruling', 'Request evidence', 'Extend a due date', 'Record agreed terms']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.getByRole('button', { name: 'Add internal note' })).toBeEnabled();
  });

  it('shows Claim on a colleague\'s dispute disabled, with who holds it as the reason, and hides what only the holder may do', async () => {
    const onAction = vi.fn();
    await renderCase(makeDispute({ assignee: 'cm-2' }), { onAction, nameOf: (id) => (id === 'cm-2' ? 'Mateo Rossi' : 'Someone') });
    const claim = screen.getByRole('button', { name: 'Claim' });
    expect(claim).toHaveAttribute('aria-disabled', 'true');
    expect(claim).toHaveAccessibleDescription('Mateo Rossi is working on this dispute. Pick another dispute, or ask a team lead to reassign this one.');
    await userEvent.click(claim);
    expect(onAction).not.toHaveBeenCalled();
    for (const name of ['Release', 'Record ruling', 'Request evidence', 'Record agreed terms']) expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
  });

  it('offers what the rules allow and passes a click on', async () => {
    const onAction = vi.fn();
    await renderCase(makeDispute(), { onAction });
    // Nobody holds it, so there is nothing to release; no request, so no due date to move.
    expect(screen.queryByRole('button', { name: 'Release' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Extend a due date' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Claim' }));
    await userEvent.click(screen.getByRole('button', { name: 'Record ruling' }));
    expect(onAction.mock.calls).toEqual([['dispute.claim'], ['ruling.record']]);
    for (const name of ['Request evidence', 'Add internal note', 'Record agreed terms']) expect(screen.getByRole('button', { name })).toBeEnabled();
  });

  it('does not offer Claim on a case you hold, and offers Release instead', async () => {
    await renderCase(makeDispute({ assignee: caseManager.id, evidenceRequests: [makeRequest({ dueAt: '2025-03-20T09:00:00Z' })] }));
    expect(screen.queryByRole('button', { name: 'Claim' })).not.toBeInTheDocument();
    for (const name of ['Release', 'Extend a due date', 'Record ruling']) expect(screen.getByRole('button', { name })).toBeEnabled();
  });

  it('after a ruling offers only a note: no Claim, Release or Extend a due date', async () => {
    const ruling = { ...makeDraft(), refund: usd(4000), ruledBy: caseManager.id, ruledAt: '2025-03-01T09:00:00Z' };
    await renderCase(makeDispute({ state: 'ruled', assignee: caseManager.id, ruling, evidenceRequests: [makeRequest({ dueAt: '2025-03-20T09:00:00Z' })] }));
    const actions = section('What you can do now');
    expect(within(actions).getAllByRole('button').map((button) => button.textContent)).toEqual(['Add internal note']);
  });

  it('shows Record ruling on a dispute still in negotiation disabled, saying why', async () => {
    await renderCase(makeDispute({ state: 'negotiating' }));
    expect(screen.getByRole('button', { name: 'Record ruling' })).toHaveAccessibleDescription(
      'The buyer and seller are still negotiating and have not escalated this dispute. Wait for it to be escalated before ruling.',
    );
  });

  it('shows a reviewer no case actions, and someone signed out one sentence', async () => {
    const dispute = makeDispute();
    expect(actionsNow(dispute, undefined, now).every((action) => !action.allowed && action.refusal === 'signed_out')).toBe(true);
    const reviewer = actionsNow(dispute, { id: 'rv-1', role: 'reviewer' }, now);
    expect(reviewer.map((action) => (action.allowed ? 'allowed' : typeof action.refusal === 'string' ? action.refusal : action.refusal.code))).toEqual(
      Array(7).fill('not_allowed'),
    );
    const { unmount } = await renderCase(dispute, { actor: { id: 'rv-1', role: 'reviewer' } });
    expect(screen.queryByRole('heading', { name: 'What you can do now' })).not.toBeInTheDocument();
    expect(screen.queryAllByRole('button', { name: /Claim|Release|Record/ })).toEqual([]);
    unmount();
    await renderCase(dispute, { actor: null });
    expect(within(section('What you can do now')).getByText('Sign in to the case service to work on disputes.')).toBeInTheDocument();
  });

  it("puts the second review first for the reviewer it was drawn for, and with the ruling for others", async () => {
    const ruling = { ...makeDraft(), refund: usd(4000), ruledBy: 'cm-2', ruledAt: '2025-03-01T09:00:00Z' };
    const dispute = makeDispute({ state: 'ruled', ruling, secondReview: { reviewerId: 'rv-1', assignedBy: 'tl-1', assignedAt: '2025-03-02T09:00:00Z' } });
    const review = <div data-testid="review">Second review</div>;
    const first = await renderCase(dispute, { actor: { id: 'rv-1', role: 'reviewer' }, secondReview: review });
    const afterHeader = (container: HTMLElement) => container.querySelector('[data-testid="case-header"]')?.nextElementSibling?.getAttribute('data-testid');
    expect(afterHeader(first.container)).toBe('review');
    first.unmount();
    const other = await renderCase(dispute, { actor: caseManager, secondReview: review });
    expect(afterHeader(other.container)).not.toBe('review');
    expect(other.getByTestId('review')).toBeInTheDocument();
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
    expect(within(ruling).getByText('Li Na')).toBeInTheDocument();
    expect(within(ruling).queryByText('cm-1')).toBeNull();
    // Nothing is awaited on a ruled case: no countdown.
    expect(within(screen.getByTestId('case-header')).queryByText(/^Due /)).toBeNull();
  });

  it('formats money in the UI language', async () => {
    await renderCase(makeDispute({ claim: { description: 'Broken.', requestedRefund: usd(1234) } }));
    expect(within(screen.getByTestId('case-header')).getByText('$12.34 of $40.00 paid')).toBeInTheDocument();
  });

  it('speaks Simplified Chinese', async () => {
    await renderCase(makeDispute(), { language: 'zh-CN' });
    for (const name of ['订单', '案件时间线', '证据请求', '证据', '退货']) {
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

describe('the case view, live (issue 21)', () => {
  const wrap = async (node: ReactNode) => {
    const i18n = await createI18n('en');
    return <I18nextProvider i18n={i18n}><MantineProvider>{node}</MantineProvider></I18nextProvider>;
  };

  it('names the colleagues on the case and what they are doing, for how long', async () => {
    const dispute = makeDispute({ id: 'D-live-1', state: 'escalated' });
    const writing = { userId: 'cm-2', name: 'Mateo Cruz', role: 'case_manager' as const, disputeId: dispute.id, activity: 'ruling' as const, since: Date.now() - 120_000, until: Date.now() + 45_000 };
    render(await wrap(<CaseView dispute={dispute} now={now} actor={caseManager} personName={personName} colleagues={[writing]} />));
    expect(screen.getByTestId('case-presence')).toHaveTextContent('Mateo Cruz is writing a ruling · 2 min');
  });

  it('says in place what changed while the reader read, keeps it until they saw it, and leaves out their own changes', async () => {
    const dispute = makeDispute({ id: 'D-live-2', state: 'escalated' });
    const view = (next: Dispute) => wrap(<CaseView dispute={next} now={now} actor={caseManager} personName={personName} />);
    const { rerender } = render(await view(dispute));
    expect(screen.queryByTestId('changed-under-you')).toBeNull();
    // Her own claim: nothing to tell.
    rerender(await view({ ...dispute, assignee: 'cm-1', version: dispute.version + 1 }));
    expect(screen.queryByTestId('changed-under-you')).toBeNull();
    // The buyer cancels while she reads.
    rerender(await view({ ...dispute, assignee: 'cm-1', state: 'cancelled', version: dispute.version + 2 }));
    const notice = screen.getByTestId('changed-under-you');
    expect(notice).toHaveTextContent('This dispute changed while you were reading it');
    expect(notice).toHaveTextContent('The buyer cancelled the claim');
    await userEvent.click(within(notice).getByRole('button', { name: 'Got it' }));
    expect(screen.queryByTestId('changed-under-you')).toBeNull();
  });
});
