import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import { createI18n } from '../../i18n';
import { UnlockScreen, type LockedDesk } from './UnlockScreen';

type Answer = Awaited<ReturnType<DeskApi['invoke']>>;

async function renderScreen(lock: LockedDesk, ...answers: Answer[]) {
  const invoke = vi.fn(async () => answers.shift() ?? { ok: true as const, value: { status: 'open' as const } });
  const onOpen = vi.fn();
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <UnlockScreen lock={lock} desk={{ invoke } as unknown as DeskApi} onOpen={onOpen} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return { invoke, onOpen };
}

const keychainRefused: LockedDesk = {
  status: 'locked',
  needs: 'passphrase',
  reason: "This computer's keychain would not give Dispute Desk its key: Access to the wallet was denied. Enter the desk's passphrase instead, if it has one.",
  keychain: 'kwallet6',
  keyFileAllowed: false,
  keychainRetry: true,
};

describe('UnlockScreen', () => {
  it('says what the OS said, refuses a wrong passphrase under the field, and opens with the right one', async () => {
    const wrong = { ok: true as const, value: { status: 'refused' as const, code: 'wrong_passphrase', message: 'That passphrase does not open this desk. Nothing was changed; try again.' } };
    const { invoke, onOpen } = await renderScreen(keychainRefused, wrong);
    expect(screen.getByRole('heading', { name: 'This desk is locked' })).toBeVisible();
    expect(screen.getByText(/Access to the wallet was denied/)).toBeVisible();
    // Only the passphrase: no second field, no key file to choose for a key that exists.
    expect(screen.queryByLabelText('The same passphrase again')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Keep the key in a file instead' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(await screen.findByText('Enter the passphrase.')).toBeVisible();
    expect(invoke).not.toHaveBeenCalled();

    const field = screen.getByLabelText('Passphrase', { exact: true });
    await userEvent.type(field, 'not the passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(await screen.findByText('That passphrase does not open this desk. Nothing was changed; try again.')).toBeVisible();
    expect(invoke).toHaveBeenLastCalledWith('app.unlock', { passphrase: 'not the passphrase' });
    expect(onOpen).not.toHaveBeenCalled();
    // What was typed stays, to be corrected; typing clears the refusal.
    expect(field).toHaveValue('not the passphrase');
    await userEvent.clear(field);
    expect(screen.queryByText(/does not open this desk/)).toBeNull();

    await userEvent.type(field, 'the right passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect(invoke).toHaveBeenLastCalledWith('app.unlock', { passphrase: 'the right passphrase' });
  });

  it('for a key still to be made, asks for a passphrase twice by the host\'s rule, or the weaker key file', async () => {
    const lock: LockedDesk = {
      status: 'locked',
      needs: 'new-passphrase',
      reason: "This computer's keychain (basic_text) does not protect secrets, so Dispute Desk cannot keep its key there. Choose a passphrase to protect it.",
      keychain: 'basic_text',
      keyFileAllowed: true,
      keychainRetry: false,
    };
    const { invoke, onOpen } = await renderScreen(lock, { ok: false, error: { code: 'host_unavailable', message: 'The desk host does not answer.' } });
    expect(screen.getByRole('heading', { name: 'Protect this desk with a passphrase' })).toBeVisible();
    const passphrase = screen.getByLabelText('Passphrase', { exact: true });
    const again = screen.getByLabelText('The same passphrase again');
    await userEvent.type(passphrase, 'too short');
    await userEvent.type(again, 'too short');
    await userEvent.click(screen.getByRole('button', { name: 'Protect with this passphrase' }));
    expect(await screen.findByText('Use a passphrase of 12 to 1024 characters.')).toBeVisible();
    await userEvent.clear(passphrase);
    await userEvent.type(passphrase, 'a passphrase long enough');
    await userEvent.click(screen.getByRole('button', { name: 'Protect with this passphrase' }));
    expect(await screen.findByText('The two passphrases differ.')).toBeVisible();
    expect(invoke).not.toHaveBeenCalled();

    // A host that does not answer: its sentence, and the desk stays asked.
    await userEvent.click(screen.getByRole('button', { name: 'Keep the key in a file instead' }));
    expect(await screen.findByText('The desk host does not answer.')).toBeVisible();
    expect(invoke).toHaveBeenLastCalledWith('app.unlock', { keyFile: true });
    expect(onOpen).not.toHaveBeenCalled();

    await userEvent.clear(again);
    await userEvent.type(again, 'a passphrase long enough');
    await userEvent.click(screen.getByRole('button', { name: 'Protect with this passphrase' }));
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect(invoke).toHaveBeenLastCalledWith('app.unlock', { passphrase: 'a passphrase long enough' });
  });

  it('for a key only the keychain opens, asks for no passphrase and asks the keychain again, saying what it said', async () => {
    const lock: LockedDesk = {
      status: 'locked',
      needs: 'keychain',
      reason: "This computer's keychain would not give Dispute Desk its key: The wallet is locked. This desk has no passphrase, so only the keychain opens it.",
      keychain: 'kwallet6',
      keyFileAllowed: false,
      keychainRetry: true,
    };
    const stillLocked = { ok: true as const, value: { status: 'refused' as const, code: 'keychain_refused', message: "This computer's keychain would not give Dispute Desk its key: The wallet is locked." } };
    const { invoke, onOpen } = await renderScreen(lock, stillLocked);
    expect(screen.queryByLabelText('Passphrase', { exact: true })).toBeNull();
    const again = screen.getByRole('button', { name: 'Ask the keychain again' });
    await userEvent.click(again);
    expect(await screen.findByText("This computer's keychain would not give Dispute Desk its key: The wallet is locked.")).toBeVisible();
    expect(onOpen).not.toHaveBeenCalled();
    await userEvent.click(again);
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect(invoke).toHaveBeenLastCalledWith('app.unlock', { keychain: true });
  });
});
