import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { makeDispute, makeRequest, now } from '../../../shared/domain/test-fixtures';
import { createI18n } from '../../i18n';
import { AgreementForm } from './AgreementForm';
import { ExtendDueForm } from './ExtendDueForm';
import { InternalNoteForm } from './InternalNoteForm';
import { toLocalInput } from './local-time';
import type { QueueChange } from '../../data/queue-change';
import { RequestEvidenceForm } from './RequestEvidenceForm';

async function renderUi(ui: ReactNode) {
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>{ui}</MantineProvider>
    </I18nextProvider>,
  );
}

function queue(result: Awaited<ReturnType<QueueChange>> = { ok: true, mutationId: 1 }) {
  return vi.fn(async () => result) as unknown as QueueChange & ReturnType<typeof vi.fn>;
}

describe('the case action forms', () => {
  it('asks for evidence by a due date after now, of at least one kind', async () => {
    const onQueue = queue();
    const onDone = vi.fn();
    await renderUi(<RequestEvidenceForm dispute={makeDispute()} now={now} onQueue={onQueue} onDone={onDone} onCancel={() => {}} />);
    const due = screen.getByLabelText(/Due date/);
    fireEvent.change(due, { target: { value: toLocalInput('2025-03-09T12:00:00Z') } });
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByText('Choose at least one kind of evidence.')).toBeInTheDocument();
    expect(due).toHaveAccessibleDescription('Choose a due date after now.');

    await userEvent.click(screen.getByRole('radio', { name: 'Seller' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Video' }));
    fireEvent.change(due, { target: { value: toLocalInput('2025-03-13T12:00:00Z') } });
    await userEvent.type(screen.getByRole('textbox', { name: /What to show/ }), 'The parcel label.');
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(onQueue).toHaveBeenCalledWith('evidence.request', {
      disputeId: 'D-1001',
      request: { id: expect.stringMatching(/^D-1001-R-/), party: 'seller', kinds: ['video'], note: 'The parcel label.', dueAt: '2025-03-13T12:00:00.000Z' },
    });
  });

  it('moves a due date only later than the current one', async () => {
    const onQueue = queue();
    await renderUi(
      <ExtendDueForm dispute={makeDispute({ evidenceRequests: [makeRequest({ dueAt: '2025-03-12T09:00:00Z' })] })} now={now} onQueue={onQueue} onDone={() => {}} onCancel={() => {}} />,
    );
    const due = screen.getByLabelText(/New due date/);
    fireEvent.change(due, { target: { value: toLocalInput('2025-03-11T09:00:00Z') } });
    await userEvent.click(screen.getByRole('button', { name: 'Extend' }));
    expect(due).toHaveAccessibleDescription(/Choose a date later than both now and the current due date/);
    expect(onQueue).not.toHaveBeenCalled();
  });

  it('places the rules’ refusal of an agreed refund beside the amount', async () => {
    const message = 'The agreed refund of USD 50.00 is more than the USD 40.00 the buyer paid. Lower it to at most what was paid.';
    const onQueue = queue({ ok: false, code: 'refund_exceeds_paid', message });
    await renderUi(<AgreementForm dispute={makeDispute()} onQueue={onQueue} onDone={() => {}} onCancel={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: /Terms/ }), 'Refund in full, no return.');
    const refund = screen.getByRole('textbox', { name: /Agreed refund \(USD\)/ });
    await userEvent.type(refund, '50');
    await userEvent.click(screen.getByRole('button', { name: 'Record terms' }));
    await waitFor(() => expect(refund).toHaveAccessibleDescription(expect.stringContaining(message)));
    expect(onQueue).toHaveBeenCalledWith('agreement.record', {
      disputeId: 'D-1001',
      agreement: { terms: 'Refund in full, no return.', refund: { amountMinor: 5000, currency: 'USD' }, withReturn: false, submittedBy: 'buyer' },
    });
  });

  it('says over the form why a note was refused when no field can fix it', async () => {
    const onQueue = queue({ ok: false, code: 'claimed_by_other', message: 'Dispute D-1001 is being worked by cm-2.' });
    await renderUi(<InternalNoteForm dispute={makeDispute()} onQueue={onQueue} onDone={() => {}} onCancel={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('Write the note.')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /Note/ }), 'Seller called.');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Dispute D-1001 is being worked by cm-2.');
  });
});
