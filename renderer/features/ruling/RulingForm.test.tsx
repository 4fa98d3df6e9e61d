import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispute, RulingDraft } from '../../../shared/domain/model';
import { makeDispute, makeEvidence, makeRequest, now } from '../../../shared/domain/test-fixtures';
import type { EnqueueResult } from '../../data/outbox';
import { lateThenExtended } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { DeskDatabase } from '../../data/db';
import { rulingDrafts } from './draft-storage';
import { RulingForm } from './RulingForm';

let db: DeskDatabase;
const ana = 'u-cm-1';
const savedDraft = async (userId = ana) => (await rulingDrafts(db, userId).read('D-1001'))?.values;
const storeDraft = (values: unknown, userId = ana) => db.drafts.put({ userId, disputeId: 'D-1001', savedAt: now, values });

async function renderForm(
  dispute: Dispute,
  options: { onRecord?: (draft: RulingDraft) => Promise<EnqueueResult>; prefill?: RulingDraft; language?: 'en' | 'zh-CN'; userId?: string } = {},
) {
  const i18n = await createI18n(options.language ?? 'en');
  const onRecord = vi.fn(options.onRecord ?? (async (): Promise<EnqueueResult> => ({ ok: true, mutationId: 1 })));
  const onRecorded = vi.fn();
  const view = render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <RulingForm
          dispute={dispute}
          now={now}
          onRecord={onRecord}
          onRecorded={onRecorded}
          onCancel={() => {}}
          prefill={options.prefill}
          drafts={rulingDrafts(db, options.userId ?? ana)}
        />
      </MantineProvider>
    </I18nextProvider>,
  );
  // The saved draft is read from the local store before the form shows.
  await waitFor(() => expect(view.container.querySelector('textarea')).not.toBeNull());
  return { ...view, onRecord, onRecorded };
}

const user = () => userEvent.setup();

beforeEach(async () => {
  db = new DeskDatabase(`ruling-form-${crypto.randomUUID()}`);
  await db.open();
});

describe('the ruling form shows each seed rule beside its field', () => {
  it('refuses refund after return until the seller confirmed the address, beside the outcome', async () => {
    await renderForm(makeDispute({ return: { stage: 'requested', requestedAt: '2025-03-01T09:00:00Z' } }));
    await user().click(screen.getByRole('radio', { name: 'Refund after return' }));
    const outcome = screen.getByRole('radiogroup', { name: /Outcome/ });
    expect(within(outcome.parentElement!).getByText(/has not confirmed a return address yet/)).toBeInTheDocument();
  });

  it('offers "as agreed" only with recorded terms', async () => {
    await renderForm(makeDispute());
    await user().click(screen.getByRole('radio', { name: 'As agreed' }));
    expect(screen.getByText(/have not submitted agreed terms for this dispute/)).toBeInTheDocument();
  });

  it('refuses a partial refund above what was paid beside the amount, in the order’s currency', async () => {
    await renderForm(makeDispute());
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Partial refund' }));
    const amount = screen.getByRole('textbox', { name: /Refund amount \(USD\)/ });
    await u.type(amount, '45.00');
    expect(amount).toHaveAccessibleDescription(expect.stringMatching(/partial refund of \$45\.00 is more than the \$40\.00 the buyer paid/));
    await u.clear(amount);
    await u.type(amount, '12.345');
    await u.tab();
    expect(amount).toHaveAccessibleDescription(expect.stringMatching(/Enter an amount such as 25\.00/));
  });

  it('says nothing under the refund amount before anything is typed, and asks for it on leaving it empty or on submit', async () => {
    await renderForm(makeDispute());
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Partial refund' }));
    const amount = screen.getByRole('textbox', { name: /Refund amount \(USD\)/ });
    expect(amount).not.toHaveAttribute('aria-invalid', 'true');
    expect(amount.getAttribute('aria-describedby') ?? '').not.toMatch(/error/);
    await u.click(amount);
    await u.tab();
    expect(amount).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for an override reason when late evidence is cited, and only then', async () => {
    const dispute = makeDispute({
      evidenceRequests: [makeRequest()],
      evidence: [makeEvidence(), makeEvidence({ id: 'E-2', fileName: 'late.mp4', submittedAt: '2025-03-06T09:00:00Z' })],
    });
    await renderForm(dispute);
    const u = user();
    expect(screen.queryByRole('textbox', { name: /Why you rely on late evidence/ })).toBeNull();
    const late = screen.getByRole('checkbox', { name: /E-2/ });
    expect(late.closest('label, .mantine-Checkbox-root')).toHaveTextContent('Late');
    await u.click(late);
    const override = screen.getByRole('textbox', { name: /Why you rely on late evidence/ });
    expect(override).toHaveAccessibleDescription(expect.stringMatching(/arrived after the due date/));
    await u.type(override, 'The seller did not contest it.');
    expect(override).not.toHaveAccessibleDescription(expect.stringMatching(/arrived after the due date/));
  });

  it('agrees with the queue and the case view after evidence.extendDue: the item is no longer late and needs no override (issue 17)', async () => {
    const { before, after } = await lateThenExtended();
    const first = await renderForm(before.dispute);
    expect(screen.getByRole('checkbox', { name: /E-late/ }).closest('label, .mantine-Checkbox-root')).toHaveTextContent('Late');
    first.unmount();
    await renderForm(after.dispute);
    const u = user();
    const item = screen.getByRole('checkbox', { name: /E-late/ });
    expect(item.closest('label, .mantine-Checkbox-root')).not.toHaveTextContent('Late');
    await u.click(item);
    expect(screen.queryByRole('textbox', { name: /Why you rely on late evidence/ })).toBeNull();
  });

  it('asks a rejection for evidence or a reason, beside the rejection reason', async () => {
    await renderForm(makeDispute());
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Claim rejected' }));
    const reason = screen.getByRole('combobox', { name: 'Rejection reason' });
    expect(reason).toHaveAccessibleDescription(expect.stringMatching(/A rejection must rest on something/));
    await u.selectOptions(reason, 'insufficient_evidence');
    expect(reason).not.toHaveAccessibleDescription(expect.stringMatching(/must rest on something/));
  });

  it('asks for a rationale once the case manager tries to go on without one', async () => {
    await renderForm(makeDispute());
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Full refund' }));
    const rationale = screen.getByRole('textbox', { name: /Rationale/ });
    expect(rationale).not.toHaveAccessibleDescription(expect.stringMatching(/Write a rationale/));
    await u.click(screen.getByRole('button', { name: 'Review ruling' }));
    expect(rationale).toHaveAccessibleDescription(expect.stringMatching(/Write a rationale for this ruling/));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('flags cited evidence the dispute no longer has, and lets it be unticked', async () => {
    await storeDraft({ ...emptyValues(), outcome: 'full_refund', rationale: 'Seen.', citedEvidenceIds: ['E-9'] });
    await renderForm(makeDispute());
    const gone = screen.getByRole('checkbox', { name: 'E-9 (no longer on this dispute)' });
    expect(screen.getByText(/An item is not part of this dispute/)).toBeInTheDocument();
    await user().click(gone);
    expect(screen.queryByText(/is not part of this dispute/)).toBeNull();
  });

  it('names evidence and reviewers\' notes by label, file and author, never by id, in the form and the rationale', async () => {
    const deskId = '5d0c8f1e-2a4b-4c6d-8e0f-1a2b3c4d5e6f';
    const dispute = makeDispute({
      evidence: [makeEvidence({ id: deskId, label: 'E-1001-3', kind: 'photo', fileName: 'IMG_2001.jpg', url: undefined })],
      evidenceNotes: [{ id: 'n-7f3a', evidenceId: deskId, text: 'The seal is broken.', by: 'u-rv-1', at: now }],
    });
    // A cited item that has since left the dispute, brought in by a desk: no id to show.
    await storeDraft({ ...emptyValues(), outcome: 'full_refund', rationale: 'Seen.', citedEvidenceIds: ['0b6e-gone-uuid-1111'] });
    const { onRecord, onRecorded } = await renderForm(dispute);
    const u = user();
    const item = screen.getByRole('checkbox', { name: /^E-1001-3 · Buyer · Photo · IMG_2001\.jpg/ });
    expect(screen.getByRole('checkbox', { name: 'Cited item 1 (no longer on this dispute)' })).toBeInTheDocument();
    const note = screen.getByRole('checkbox', { name: 'A former colleague on E-1001-3: The seal is broken.' });
    for (const box of screen.getAllByRole('checkbox')) {
      expect(box).not.toHaveAccessibleName(new RegExp(`${deskId}|n-7f3a|gone-uuid`));
    }
    await u.click(screen.getByRole('checkbox', { name: 'Cited item 1 (no longer on this dispute)' }));
    await u.click(item);
    await u.click(note);
    await u.click(screen.getByRole('button', { name: 'Review ruling' }));
    await u.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Confirm and record' }));
    await waitFor(() => expect(onRecorded).toHaveBeenCalled());
    expect(onRecord).toHaveBeenCalledWith(
      expect.objectContaining({
        rationale: 'Seen.\n\nEvidence notes relied on: A former colleague on E-1001-3.',
        citedEvidenceIds: [deskId],
        citedNoteIds: ['n-7f3a'],
      }),
    );
  });

  it('disables the whole form with the reason when the buyer cancelled the claim', async () => {
    await renderForm(makeDispute({ state: 'cancelled' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/The buyer cancelled this claim/);
    expect(screen.getByRole('radio', { name: 'Full refund' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Review ruling' })).toBeDisabled();
  });
});

function emptyValues() {
  return { outcome: '', refundAmount: '', rationale: '', citedEvidenceIds: [], citedNoteIds: [], rejectionReason: '', lateEvidenceOverride: '', policyCodes: [] };
}

describe('the ruling draft', () => {
  it('is saved on this computer as it is typed and restored when the form opens again', async () => {
    const first = await renderForm(makeDispute());
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Full refund' }));
    await u.type(screen.getByRole('textbox', { name: /Rationale/ }), 'The video shows it.');
    await waitFor(async () => expect(await savedDraft()).toMatchObject({ outcome: 'full_refund', rationale: 'The video shows it.' }));
    first.unmount();

    await renderForm(makeDispute());
    expect(screen.getByRole('textbox', { name: /Rationale/ })).toHaveValue('The video shows it.');
    expect(screen.getByRole('radio', { name: 'Full refund' })).toBeChecked();
    expect(screen.getByText(/was restored/)).toBeInTheDocument();
    await u.click(screen.getByRole('button', { name: 'Discard draft' }));
    await waitFor(async () => expect(await savedDraft()).toBeUndefined());
    expect(screen.getByRole('textbox', { name: /Rationale/ })).toHaveValue('');
  });

  it('ignores a stored draft it cannot read rather than filling the form with it', async () => {
    await storeDraft({ outcome: 'pay_everyone', rationale: 42 });
    await renderForm(makeDispute());
    expect(screen.getByRole('textbox', { name: /Rationale/ })).toHaveValue('');
    expect(screen.queryByText(/was restored/)).toBeNull();
  });

  it('starts from a refused ruling when one is given, over the saved draft', async () => {
    await storeDraft({ ...emptyValues(), rationale: 'Older words.' });
    await renderForm(makeDispute(), {
      prefill: { outcome: 'partial_refund', refund: { amountMinor: 1250, currency: 'USD' }, rationale: 'Half works.', citedEvidenceIds: [], policyCodes: [] },
    });
    expect(screen.getByRole('textbox', { name: /Rationale/ })).toHaveValue('Half works.');
    expect(screen.getByRole('textbox', { name: /Refund amount/ })).toHaveValue('12.50');
    expect(screen.getByText(/Filled in from your refused ruling/)).toBeInTheDocument();
  });
});

describe('ruling drafts on a shared computer', () => {
  it('are each user’s own: another user opens the same dispute with an empty rationale, and the author finds theirs again', async () => {
    const first = await renderForm(makeDispute());
    const u = user();
    await u.type(screen.getByRole('textbox', { name: /Rationale/ }), 'Half written by Ana');
    await waitFor(async () => expect((await savedDraft())?.rationale).toBe('Half written by Ana'));
    first.unmount();

    const other = await renderForm(makeDispute(), { userId: 'u-cm-2' });
    expect(screen.getByRole('textbox', { name: /Rationale/ })).toHaveValue('');
    expect(screen.queryByText(/was restored/)).toBeNull();
    other.unmount();
    expect(await savedDraft('u-cm-2')).toBeUndefined();

    await renderForm(makeDispute());
    expect(screen.getByRole('textbox', { name: /Rationale/ })).toHaveValue('Half written by Ana');
  });
});

describe('confirming a ruling', () => {
  it('states the effects in plain words, then queues the draft and clears the saved one', async () => {
    const { onRecord, onRecorded } = await renderForm(makeDispute());
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Partial refund' }));
    await u.type(screen.getByRole('textbox', { name: /Refund amount/ }), '25');
    await u.type(screen.getByRole('textbox', { name: /Rationale/ }), 'One of the two earbuds works.');
    await u.click(screen.getByRole('button', { name: 'Review ruling' }));

    const dialog = await screen.findByRole('dialog', { name: 'Record this ruling on dispute D-1001?' });
    const effects = within(dialog).getByTestId('ruling-effects');
    expect(effects).toHaveTextContent('The buyer gets back $25.00 of the $40.00 they paid.');
    expect(effects).toHaveTextContent('The dispute is ruled and leaves your queue.');
    expect(effects).toHaveTextContent('The ruling cites no evidence.');
    expect(onRecord).not.toHaveBeenCalled();

    await u.click(within(dialog).getByRole('button', { name: 'Confirm and record' }));
    await waitFor(() => expect(onRecorded).toHaveBeenCalled());
    expect(onRecord).toHaveBeenCalledWith({
      outcome: 'partial_refund',
      refund: { amountMinor: 2500, currency: 'USD' },
      rationale: 'One of the two earbuds works.',
      citedEvidenceIds: [],
      policyCodes: [],
    });
    expect(await savedDraft()).toBeUndefined();
  });

  it('says what the refund after a return waits for', async () => {
    await renderForm(makeDispute({ return: { stage: 'address_confirmed', requestedAt: now, address: '18 Keji Road, Shenzhen', addressConfirmedAt: now } }));
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Refund after return' }));
    await u.type(screen.getByRole('textbox', { name: /Rationale/ }), 'Return it.');
    await u.click(screen.getByRole('button', { name: 'Review ruling' }));
    expect(await screen.findByTestId('ruling-effects')).toHaveTextContent(
      'The buyer returns the item to 18 Keji Road, Shenzhen. The buyer gets back $40.00 only once the seller confirms receiving it.',
    );
  });

  it('keeps the draft and says why when the outbox refuses the ruling', async () => {
    const { onRecorded } = await renderForm(makeDispute(), {
      onRecord: async () => ({ ok: false, code: 'claimed_by_other', message: 'Dispute D-1001 is being worked by cm-2.' }),
    });
    const u = user();
    await u.click(screen.getByRole('radio', { name: 'Full refund' }));
    await u.type(screen.getByRole('textbox', { name: /Rationale/ }), 'Clear video.');
    await u.click(screen.getByRole('button', { name: 'Review ruling' }));
    await u.click(await screen.findByRole('button', { name: 'Confirm and record' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Dispute D-1001 is being worked by cm-2.');
    expect(onRecorded).not.toHaveBeenCalled();
    expect((await savedDraft())?.rationale).toBe('Clear video.');
  });

  it('speaks Simplified Chinese', async () => {
    await renderForm(makeDispute(), { language: 'zh-CN' });
    expect(screen.getByRole('heading', { name: '对纠纷 D-1001 作出裁决' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '检查裁决' })).toBeInTheDocument();
  });
});
