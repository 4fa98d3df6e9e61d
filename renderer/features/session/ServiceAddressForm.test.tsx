import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import type { ServiceAddressProblemCode } from '../../../shared/contract/service-calls';
import { DeskDatabase } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { createI18n } from '../../i18n';
import { ConnectScreen } from './ConnectScreen';

/** A host whose `service.connect` refuses every address with `code`, counting the calls. */
function deskRefusing(code: ServiceAddressProblemCode) {
  const asked: string[] = [];
  const invoke = async (name: string, request: { address: string }) => {
    if (name !== 'service.connect') return { ok: false, error: { code: 'unknown_call', message: `No ${name} here.` } };
    asked.push(request.address);
    return { ok: true, value: { ok: false, problem: { code, message: 'refused' } } };
  };
  return { desk: { invoke, ingestFiles: async () => undefined } as unknown as DeskApi, asked };
}

async function renderConnect(desk: DeskApi, db = new DeskDatabase(`connect-${crypto.randomUUID()}`), language: 'en' | 'zh-CN' = 'en') {
  window.desk = desk;
  render(
    <I18nextProvider i18n={await createI18n(language)}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={null}>
          <ConnectScreen />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return db;
}

describe('the first-run screen', () => {
  it.each<[ServiceAddressProblemCode, RegExp]>([
    ['unreachable', /Nothing answers at http:\/\/127\.0\.0\.1:9/],
    ['not_a_case_service', /it is not a Dispute Desk case service/],
    ['service_too_old', /Ask whoever runs the service to update it/],
    ['desk_too_old', /Update Dispute Desk on this computer/],
  ])('says why the host refused the address (%s) and keeps what was typed', async (code, words) => {
    const { desk, asked } = deskRefusing(code);
    await renderConnect(desk);
    const field = await screen.findByRole('textbox', { name: /Case service address/ });
    await userEvent.type(field, 'http://127.0.0.1:9');
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not connected; nothing was saved');
    expect(alert).toHaveTextContent(words);
    expect(field).toHaveValue('http://127.0.0.1:9');
    expect(asked).toEqual(['http://127.0.0.1:9']);
  });

  it('asks for an address before asking the host', async () => {
    const { desk, asked } = deskRefusing('not_a_url');
    await renderConnect(desk);
    await userEvent.click(await screen.findByRole('button', { name: 'Connect' }));
    expect(await screen.findByText("Type the case service's address.")).toBeInTheDocument();
    expect(asked).toEqual([]);
  });

  it('refuses to change the service while changes wait, without asking the host', async () => {
    const db = new DeskDatabase(`connect-${crypto.randomUUID()}`);
    await db.outbox.add({ mutationId: 1, name: 'dispute.claim', args: { disputeId: 'D-1' }, baseVersion: 1, status: 'pending', createdAt: '2026-11-26T10:00:00.000Z' });
    const { desk, asked } = deskRefusing('unreachable');
    await renderConnect(desk, db);
    expect(await screen.findByTestId('service-change-blocked')).toHaveTextContent('1 change made here has not reached the current case service yet.');
    expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled();
    expect(asked).toEqual([]);
  });

  it('speaks Simplified Chinese', async () => {
    const { desk } = deskRefusing('unreachable');
    await renderConnect(desk, undefined, 'zh-CN');
    expect(await screen.findByRole('heading', { name: '连接到团队的案件服务' })).toBeInTheDocument();
  });
});
