import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { SignInLocksResponse } from '../../../shared/sync/sign-in-locks';
import { DeskDatabase, type SessionRecord } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { jsonResponse } from '../../data/test-fixtures';
import { createI18n, type LanguageCode } from '../../i18n';
import { SignInLocksPanel } from './SignInLocksPanel';

// Port 9 (discard) refuses connections: the sync engine the provider starts finds no service.
const serviceUrl = 'http://127.0.0.1:9';
const lead: SessionRecord = { key: 'session', serviceUrl, token: 'lead-token', user: { id: 'u-tl-1', name: 'Dmitri Volkov', role: 'team_lead' }, expiresAt: '2030-01-01T00:00:00.000Z' };

/** A case service that knows one locked account and lifts the lock when a team lead asks. */
function lockingService() {
  let locked: SignInLocksResponse['locked'] = [{ userId: 'u-cm-1', username: 'lina', name: 'Li Na (李娜)', role: 'case_manager', lockedUntil: '2026-11-26T10:15:00.000Z' }];
  const calls: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname} ${new Headers(init?.headers).get('authorization')}`);
    if (url.pathname === '/auth/locks') return jsonResponse({ locked });
    if (url.pathname === '/auth/unlock') {
      const { userId } = JSON.parse(String(init?.body)) as { userId: string };
      locked = locked.filter((account) => account.userId !== userId);
      return jsonResponse({ unlocked: true });
    }
    return jsonResponse({ error: { code: 'not_found', message: 'no' } }, 404);
  };
  return { fetchImpl, calls };
}

async function show(session: SessionRecord, fetchImpl: typeof fetch, language: LanguageCode = 'en') {
  const db = new DeskDatabase(`locks-${crypto.randomUUID()}`);
  await db.meta.put(session);
  render(
    <I18nextProvider i18n={await createI18n(language)}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={serviceUrl}>
          <SignInLocksPanel fetchImpl={fetchImpl} />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe('the locked accounts panel', () => {
  it('lists locked colleagues by name to a team lead, and unlocks one', async () => {
    const service = lockingService();
    await show(lead, service.fetchImpl);
    const lina = await screen.findByRole('group', { name: 'Li Na (李娜)' });
    expect(within(lina).getByText(/Case manager · locked until/)).toBeInTheDocument();
    expect(screen.queryByText('u-cm-1')).toBeNull();
    await userEvent.click(within(lina).getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('No account is locked.')).toBeInTheDocument();
    expect(service.calls).toContain('POST /auth/unlock Bearer lead-token');
  });

  it('speaks Simplified Chinese', async () => {
    await show(lead, lockingService().fetchImpl, 'zh-CN');
    const lina = await screen.findByRole('group', { name: 'Li Na (李娜)' });
    expect(within(lina).getByRole('button', { name: '解锁' })).toBeInTheDocument();
    expect(within(lina).getByText(/锁定至/)).toBeInTheDocument();
  });

  it('says what went wrong when the list cannot be read', async () => {
    await show(lead, async () => jsonResponse({ error: { code: 'forbidden', message: 'Only team leads may see which accounts are locked.' } }, 403));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only team leads may see which accounts are locked.');
  });

  it('shows nothing, and asks nothing, for anyone but a team lead', async () => {
    const service = lockingService();
    await show({ ...lead, user: { id: 'u-cm-2', name: 'Mateo', role: 'case_manager' } }, service.fetchImpl);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByText('Locked accounts')).toBeNull();
    expect(service.calls).toEqual([]);
  });
});
