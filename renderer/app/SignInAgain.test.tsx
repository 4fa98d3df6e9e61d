import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../data/db';
import { DeskDataProvider } from '../data/DeskDataProvider';
import { createI18n } from '../i18n';
import { SignInAgain } from './SignInAgain';

describe('signing in again', () => {
  it('says the sign-in expired and how many changes wait to be sent', async () => {
    const db = new DeskDatabase(`sign-in-${crypto.randomUUID()}`);
    for (const mutationId of [1, 2]) {
      await db.outbox.add({ mutationId, name: 'case.note', args: { disputeId: 'D-1', note: { id: `N-${mutationId}`, text: 'Hi' } }, baseVersion: 1, status: 'pending', createdAt: '2025-03-10T12:00:00.000Z' });
    }
    await db.outbox.add({ mutationId: 3, name: 'dispute.claim', args: { disputeId: 'D-1' }, baseVersion: 1, status: 'applied', createdAt: '2025-03-10T12:00:00.000Z' });
    render(
      <I18nextProvider i18n={await createI18n('en')}>
        <MantineProvider>
          <DeskDataProvider db={db} serviceUrl="http://127.0.0.1:4000">
            <SignInAgain expiredFor="Li Na" />
          </DeskDataProvider>
        </MantineProvider>
      </I18nextProvider>,
    );
    expect(await screen.findByTestId('waiting-changes')).toHaveTextContent('2 changes are waiting; sign in again to send them.');
    expect(screen.getByText(/no longer accepts the sign-in of Li Na/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
