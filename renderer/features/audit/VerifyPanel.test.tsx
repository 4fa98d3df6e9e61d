import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { DeskDatabase, type AuditRecord } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { testSession } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { VerifyPanel } from './VerifyPanel';

async function renderPanel(record: AuditRecord) {
  const db = new DeskDatabase(`verify-${crypto.randomUUID()}`);
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={testSession.serviceUrl}>
          <VerifyPanel record={record} />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

const now = new Date().toISOString();

describe('VerifyPanel', () => {
  it('says the verification is out of date, not green, once entries arrive after it', async () => {
    await renderPanel({ key: 'audit', lastSeq: 155, head: { seq: 155, hash: 'h' }, pulledAt: now, verification: { at: now, ok: true, count: 111, rate: 900 } });
    const verdict = await screen.findByTestId('audit-verdict');
    expect(verdict).toHaveTextContent('Verified 111 entries · 44 new since');
    expect(verdict).not.toHaveTextContent(/All 111 entries verified/);
    expect(verdict).toHaveAttribute('data-state', 'stale');
  });

  it('is green when every stored entry was verified', async () => {
    await renderPanel({ key: 'audit', lastSeq: 111, head: { seq: 111, hash: 'h' }, pulledAt: now, verification: { at: now, ok: true, count: 111, rate: 900 } });
    const verdict = await screen.findByTestId('audit-verdict');
    expect(verdict).toHaveTextContent('All 111 entries verified');
    // The time is kept on one line, never split between the banner's lines.
    const time = verdict.querySelector('time');
    expect(time).toHaveAttribute('datetime', now);
    expect(time).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(verdict).toHaveTextContent(/Checked .+ on this computer, offline, at 900 entries per second\./);
  });

  it('says how many entries retention reduced to their place in the chain, and only when there are some', async () => {
    await renderPanel({ key: 'audit', lastSeq: 111, head: { seq: 111, hash: 'h' }, pulledAt: now, redacted: 12, verification: { at: now, ok: true, count: 111, rate: 900 } });
    expect(await screen.findByTestId('audit-redacted')).toHaveTextContent("12 entries are about disputes past the team's retention period: only their place in the chain is kept here, and verified.");
  });

  it('says nothing of retention before any entry was reduced', async () => {
    await renderPanel({ key: 'audit', lastSeq: 111, head: { seq: 111, hash: 'h' }, pulledAt: now, verification: { at: now, ok: true, count: 111, rate: 900 } });
    await screen.findByTestId('audit-verdict');
    expect(screen.queryByTestId('audit-redacted')).toBeNull();
  });
});
