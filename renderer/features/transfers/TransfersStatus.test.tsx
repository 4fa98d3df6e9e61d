import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { TransferProgress } from '../../../shared/contract/evidence-calls';
import type { DeskApi } from '../../../shared/contract/calls';
import { DeskDatabase } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { createI18n } from '../../i18n';
import { TransfersStatus } from './TransfersStatus';

const sha = (digit: string) => digit.repeat(64);
const moving: TransferProgress = {
  files: [
    { sha256: sha('a'), direction: 'download', state: 'running', onDemand: true, bytesDone: 210_000_000, bytesTotal: 800_000_000, message: null },
    { sha256: sha('b'), direction: 'download', state: 'queued', onDemand: false, bytesDone: 100_000_000, bytesTotal: 400_000_000, message: null },
  ],
  active: 2,
  bytesDone: 310_000_000,
  bytesTotal: 1_200_000_000,
  waitingForSpace: 0,
  bytesToFree: null,
};

async function renderStatus(progress: TransferProgress, language: 'en' | 'zh-CN' = 'en') {
  window.desk = {
    invoke: async (name: string) =>
      name === 'evidence.transfers' ? { ok: true, value: progress } : { ok: false, error: { code: 'unknown_call', message: `No ${name} here.` } },
  } as unknown as DeskApi;
  render(
    <I18nextProvider i18n={await createI18n(language)}>
      <MantineProvider>
        <DeskDataProvider db={new DeskDatabase(`transfers-${crypto.randomUUID()}`)} serviceUrl={null}>
          <TransfersStatus />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe('the status bar’s transfers', () => {
  it('sums the files moving in words, and lists each file’s progress on click', async () => {
    await renderStatus(moving);
    const summary = await screen.findByTestId('transfers-status');
    expect(summary).toHaveTextContent('Moving 2 evidence files, 310 MB of 1.2 GB');
    await userEvent.click(summary);
    expect(await screen.findByText(/Fetching file 1 · under way · 210 MB of 800 MB/)).toBeInTheDocument();
    expect(screen.getByText(/Fetching file 2 · waiting its turn/)).toBeInTheDocument();
  });

  it('says it in Simplified Chinese', async () => {
    await renderStatus(moving, 'zh-CN');
    expect(await screen.findByTestId('transfers-status')).toHaveTextContent('正在传输 2 个证据文件');
  });

  it('tells what to free when the disk filled, and which files wait for the space limit', async () => {
    await renderStatus({ ...moving, files: [], active: 0, bytesDone: 0, bytesTotal: 0, bytesToFree: 1_500_000_000 });
    expect(await screen.findByRole('alert')).toHaveTextContent('The disk is full: free 1.5 GB and the evidence download continues where it stopped');
  });

  it('tells the user of a file that could not be sent, and why', async () => {
    const refused = { sha256: sha('c'), direction: 'upload', state: 'failed', onDemand: true, bytesDone: 0, bytesTotal: 30_000_000_000, message: 'The case service does not take files this large.' } as const;
    await renderStatus({ ...moving, files: [refused], active: 0, bytesDone: 0, bytesTotal: 0 });
    const summary = await screen.findByTestId('transfers-status');
    expect(summary).toHaveTextContent('1 evidence file could not be transferred; click for why');
    await userEvent.click(summary);
    expect(await screen.findByText('The case service does not take files this large.')).toBeInTheDocument();
  });

  it('says nothing when nothing moves or waits', async () => {
    await renderStatus({ ...moving, files: [], active: 0, bytesDone: 0, bytesTotal: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByTestId('transfers-status')).toBeNull();
  });
});
