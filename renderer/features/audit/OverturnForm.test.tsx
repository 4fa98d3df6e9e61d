import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { makeDispute } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, type SessionRecord, type TeamRecord } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { testSession } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { OverturnForm } from './OverturnForm';

const lead: SessionRecord = { ...testSession, user: { id: 'u-tl-1', name: 'Dmitri', role: 'team_lead' } };
const ruled = makeDispute({
  state: 'ruled',
  ruling: {
    outcome: 'partial_refund',
    refund: { amountMinor: 2846, currency: 'EUR' },
    rationale: 'Damaged.',
    citedEvidenceIds: [],
    policyCodes: [],
    ruledBy: 'u-cm-1',
    ruledAt: '2025-03-01T09:00:00Z',
  },
});

async function renderForm() {
  const db = new DeskDatabase(`overturn-${crypto.randomUUID()}`);
  await db.meta.put(lead);
  await db.meta.put({ key: 'team', members: [{ id: 'u-cm-1', name: 'Li Na', role: 'case_manager' }] } satisfies TeamRecord);
  const onQueue = vi.fn(async () => ({ ok: true as const, mutationId: 1 }));
  const onDone = vi.fn();
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={lead.serviceUrl}>
          <OverturnForm dispute={ruled} onQueue={onQueue} onDone={onDone} onCancel={() => {}} />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return { onQueue, onDone };
}

describe('overturning a ruling', () => {
  it('asks for confirmation, saying whose ruling and what money, before anything is queued', async () => {
    const { onQueue, onDone } = await renderForm();
    await userEvent.type(screen.getByRole('textbox', { name: /Why it is overturned/ }), 'The photo shows another parcel.');
    await userEvent.click(screen.getByRole('button', { name: 'Overturn ruling' }));
    const dialog = await screen.findByRole('dialog', { name: 'Overturn the ruling on D-1001?' });
    await waitFor(() => expect(within(dialog).getByTestId('overturn-effects')).toHaveTextContent(/Li Na’s ruling \(Partial refund · €28\.46, ruled .*2025.*\) is set aside\./));
    expect(within(dialog).getByText('The photo shows another parcel.')).toBeInTheDocument();
    expect(onQueue).not.toHaveBeenCalled();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Overturn the ruling' }));
    await waitFor(() => expect(onQueue).toHaveBeenCalledWith('ruling.overturn', { disputeId: 'D-1001', reason: 'The photo shows another parcel.' }));
    expect(onDone).toHaveBeenCalled();
  });

  it('goes back to the reason, kept, without queueing anything', async () => {
    const { onQueue } = await renderForm();
    const reason = screen.getByRole('textbox', { name: /Why it is overturned/ });
    await userEvent.type(reason, 'The photo shows another parcel.');
    await userEvent.click(screen.getByRole('button', { name: 'Overturn ruling' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getAllByRole('button', { name: 'Back to the reason' }).at(-1)!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(reason).toHaveValue('The photo shows another parcel.');
    expect(onQueue).not.toHaveBeenCalled();
  });

  it('does not open the confirmation for a reason too short', async () => {
    const { onQueue } = await renderForm();
    await userEvent.type(screen.getByRole('textbox', { name: /Why it is overturned/ }), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Overturn ruling' }));
    expect(await screen.findByText('Give the reason in at least 10 characters.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onQueue).not.toHaveBeenCalled();
  });
});
