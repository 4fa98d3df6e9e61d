import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispute } from '../../../shared/domain/model';
import { rulabilityOf } from '../../../shared/domain/lifecycle';
import { makeDispute, makeDraft, refusalOf } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal, type OutboxEntry } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { putRows, testSession } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { ChangeList } from './ChangeList';
import { NeedsAttention } from './NeedsAttention';

const draft = makeDraft({ rationale: 'The video shows the earbud dead.' });

function entry(mutationId: number, disputeId: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    mutationId,
    name: 'ruling.record',
    args: { disputeId, draft },
    baseVersion: 10,
    status: 'rejected',
    createdAt: `2025-03-10T1${mutationId}:00:00.000Z`,
    ...overrides,
  };
}

async function setUp(disputes: Dispute[], entries: OutboxEntry[]) {
  const db = new DeskDatabase(`attention-${crypto.randomUUID()}`);
  for (const dispute of disputes) {
    const local = toLocal(dispute);
    await putRows(db, [{ row: local.row }]);
    await db.disputes.put(local.stored);
  }
  await db.outbox.bulkAdd(entries);
  // Discards are the signed-in user's (decision 0019).
  await db.meta.put(testSession);
  return db;
}

async function renderWith(db: DeskDatabase, ui: React.ReactNode) {
  const i18n = await createI18n('en');
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={testSession.serviceUrl}>
          {ui}
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

beforeEach(() => localStorage.clear());

describe('Needs attention', () => {
  it('shows each refused change as refused, with its reason and the dispute as it stands now', async () => {
    const db = await setUp(
      [makeDispute({ id: 'D-1', state: 'cancelled' })],
      [entry(1, 'D-1', { code: 'claim_cancelled', message: refusalOf(rulabilityOf({ state: 'cancelled' })).message })],
    );
    await renderWith(db, <NeedsAttention onRuleAgain={() => {}} onOpenDispute={() => {}} />);
    const card = await screen.findByRole('article', { name: 'Ruling: Full refund on dispute D-1' });
    // The code is for the app, not for people: the badge says "Refused".
    expect(within(card).getByText('Refused')).toBeInTheDocument();
    expect(within(card).queryByText('claim_cancelled')).toBeNull();
    // An entry without params (an older service's) is shown by its English message, marked as English.
    expect(within(card).getByText(/The buyer cancelled this claim/)).toHaveAttribute('lang', 'en');
    expect(within(card).getByTestId('state-now')).toHaveTextContent('Claim cancelled');
    // Nobody can rule a cancelled claim: ruling again is offered but refused, with the reason.
    expect(within(card).getByRole('button', { name: 'Rule again' })).toBeDisabled();
    expect(within(card).getByRole('button', { name: 'Rule again' })).toHaveAccessibleDescription(/nothing left to decide/);
    expect(screen.getByRole('heading', { name: '1 refused change' })).toBeInTheDocument();
  });

  it('rules again from the refused draft when the dispute can still be ruled', async () => {
    const db = await setUp([makeDispute({ id: 'D-2' })], [entry(2, 'D-2', { code: 'new_evidence', message: 'New evidence arrived.' })]);
    const onRuleAgain = vi.fn();
    const onOpenDispute = vi.fn();
    await renderWith(db, <NeedsAttention onRuleAgain={onRuleAgain} onOpenDispute={onOpenDispute} />);
    const card = await screen.findByRole('article');
    await userEvent.click(within(card).getByRole('button', { name: 'Rule again' }));
    expect(onRuleAgain).toHaveBeenCalledWith('D-2', draft, expect.objectContaining({ entry: expect.objectContaining({ mutationId: 2 }) }));
    await userEvent.click(within(card).getByRole('button', { name: 'Open the dispute' }));
    expect(onOpenDispute).toHaveBeenCalledWith('D-2');
  });

  it('copies the rationale, and discards only on request, keeping the change in the dispute’s list', async () => {
    const db = await setUp([makeDispute({ id: 'D-3', state: 'ruled' })], [entry(3, 'D-3', { code: 'already_ruled', message: 'Ruled already.' })]);
    const user = userEvent.setup();
    await renderWith(
      db,
      <>
        <NeedsAttention onRuleAgain={() => {}} onOpenDispute={() => {}} />
        <ChangeList disputeId="D-3" />
      </>,
    );
    const card = await screen.findByRole('article');
    await user.click(within(card).getByRole('button', { name: 'Copy the rationale' }));
    expect(await navigator.clipboard.readText()).toBe('The video shows the earbud dead.');
    expect(within(card).getByRole('button', { name: 'Copied' })).toBeInTheDocument();

    await user.click(within(card).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByText(/Nothing needs your attention/)).toBeInTheDocument();
    expect(screen.queryByRole('article')).toBeNull();
    // The dispute's list reads the discards through a query of its own, which may answer a moment later.
    const list = screen.getByTestId('change-list');
    expect(await within(list).findByText('Refused, discarded')).toBeInTheDocument();
    expect(within(list).getByText('Ruled already.')).toBeInTheDocument();
    expect(await db.outbox.get(3)).toMatchObject({ status: 'rejected' });
  });
});

describe('the changes made to a dispute', () => {
  it('lists each with its status, newest first, and a refusal with its reason', async () => {
    const db = await setUp(
      [makeDispute({ id: 'D-4' })],
      [
        entry(1, 'D-4', { name: 'dispute.claim', args: { disputeId: 'D-4' }, status: 'applied' }),
        entry(2, 'D-4', { status: 'rejected', code: 'new_evidence', message: 'New evidence arrived on dispute D-4 after you opened it.' }),
        entry(3, 'D-4', { name: 'case.note', args: { disputeId: 'D-4', note: { id: 'N-1', text: 'Called the seller.' } }, status: 'pending' }),
        entry(4, 'D-5', { status: 'pending' }),
        entry(5, 'D-4', { name: 'ruling.record', args: { disputeId: 'D-4', draft: { outcome: 'pay_everyone' } }, status: 'pending' }),
      ],
    );
    await renderWith(db, <ChangeList disputeId="D-4" />);
    const list = await screen.findByTestId('change-list');
    await within(list).findByText('Claim');
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent)).map(([what, , status, reason]) => [what, status, reason])).toEqual([
      ['A change this version cannot read (ruling.record). It is kept; update the app.', 'Waiting to send', ''],
      ['Internal note: Called the seller.', 'Waiting to send', ''],
      ['Ruling: Full refund', 'Refused', 'New evidence arrived on dispute D-4 after you opened it.'],
      ['Claim', 'Applied', ''],
    ]);
  });
});
