import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import { createI18n } from '../../i18n';
import { PassphraseForm } from './PassphraseForm';

describe('PassphraseForm', () => {
  async function renderForm(answer: Awaited<ReturnType<DeskApi['invoke']>>) {
    const invoke = vi.fn(async () => answer);
    window.desk = { invoke } as unknown as DeskApi;
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <PassphraseForm />
        </MantineProvider>
      </I18nextProvider>,
    );
    const passphrase = screen.getByLabelText('Passphrase', { exact: true });
    const again = screen.getByLabelText('The same passphrase again');
    const set = screen.getByRole('button', { name: 'Set passphrase' });
    return { invoke, passphrase, again, set };
  }

  it('asks nothing of the host for a passphrase too short or typed differently twice, and says why', async () => {
    const { invoke, passphrase, again, set } = await renderForm({ ok: true, value: { status: 'set' } });
    await userEvent.type(passphrase, 'short one');
    await userEvent.type(again, 'short one');
    await userEvent.click(set);
    expect(await screen.findByText('Use a passphrase of 12 to 1024 characters.')).toBeVisible();
    await userEvent.clear(passphrase);
    await userEvent.type(passphrase, 'correct horse battery staple');
    await userEvent.clear(again);
    await userEvent.type(again, 'correct horse battery stable');
    await userEvent.click(set);
    expect(await screen.findByText('The two passphrases differ.')).toBeVisible();
    expect(invoke).not.toHaveBeenCalled();
  });

  it('sets a passphrase typed twice the same, then empties the form and says what it is for', async () => {
    const { invoke, passphrase, again, set } = await renderForm({ ok: true, value: { status: 'set' } });
    await userEvent.type(passphrase, 'correct horse battery staple');
    await userEvent.type(again, 'correct horse battery staple');
    await userEvent.click(set);
    expect(await screen.findByRole('status')).toHaveTextContent("the command-line tools open this computer's store with DESK_PASSPHRASE");
    expect(invoke).toHaveBeenCalledWith('app.setPassphrase', { passphrase: 'correct horse battery staple' });
    expect(passphrase).toHaveValue('');
  });

  it('shows the host’s refusal, keeping what was typed', async () => {
    const { passphrase, again, set } = await renderForm({ ok: true, value: { status: 'refused', code: 'keychain_refused', message: 'Access to the wallet was denied.' } });
    await userEvent.type(passphrase, 'correct horse battery staple');
    await userEvent.type(again, 'correct horse battery staple');
    await userEvent.click(set);
    expect(await screen.findByRole('alert')).toHaveTextContent('Access to the wallet was denied.');
    expect(passphrase).toHaveValue('correct horse battery staple');
  });
});
