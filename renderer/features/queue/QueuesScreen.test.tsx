import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDispute } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal, type FirstScreenRecord } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { putRows, testSession } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { QueuesScreen } from './QueuesScreen';

// Reading the rows can be held back, to see what the screen shows before they arrive.
let rowsRead: Promise<void> | undefined;
vi.mock('../../data/db', async (original) => {
  const actual = await original<typeof import('../../data/db')>();
  return {
    ...actual,
    storedRows: async (...args: Parameters<typeof actual.storedRows>) => {
      await rowsRead;
      return actual.storedRows(...args);
    },
  };
});

async function renderQueues(disputes: ReturnType<typeof makeDispute>[], kept?: FirstScreenRecord) {
  const db = new DeskDatabase(`queues-screen-${crypto.randomUUID()}`);
  for (const dispute of disputes) {
    const local = toLocal(dispute);
    await putRows(db, [local]);
    await db.disputes.put(local.stored);
      }
  await db.meta.put(testSession);
  await db.meta.put({ key: 'team', members: [{ id: 'u-cm-2', name: 'Mateo Fernández', role: 'case_manager' }] });
  if (kept) await db.meta.put(kept);
  const onOpen = vi.fn();
  const i18n = await createI18n('en');
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <DeskDataProvider db={db} serviceUrl={testSession.serviceUrl}>
          <QueuesScreen userId={testSession.user.id} initialQueue="awaitingEvidence" onOpenCase={onOpen} />
        </DeskDataProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return { db, onOpen, grid: await screen.findByRole('grid', { name: 'Dispute queue' }) };
}

const waiting = (id: string, assignee?: string) => makeDispute({ id, state: 'awaiting_evidence', assignee });

// jsdom lays nothing out; the virtual grid renders the rows that fit in what it measures.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(900);
});
afterEach(() => vi.restoreAllMocks());

describe('the queues screen', () => {
  it('paints the first screen kept from last time while the rows are read, then the rows, and keeps their first screen', async () => {
    let readRows!: () => void;
    rowsRead = new Promise((resolve) => (readRows = resolve));
    const kept: FirstScreenRecord = {
      key: 'firstScreen',
      userId: testSession.user.id,
      queue: 'awaitingEvidence',
      rows: [toLocal(waiting('D-9')).row],
      total: 7,
      counts: [1, 2, 3, 7, 5, 6, 7, 8, 9],
    };
    try {
      const { db, grid } = await renderQueues([waiting('D-1'), waiting('D-2')], kept);
      expect(await within(grid).findByText('D-9')).toBeInTheDocument();
      expect(screen.getByTestId('shown-count')).toHaveTextContent('7 of 7');
      expect(screen.getByTestId('count-awaitingEvidence')).toHaveTextContent('7');
      readRows();
      expect(await within(grid).findByText('D-1')).toBeInTheDocument();
      expect(within(grid).queryByText('D-9')).toBeNull();
      expect(screen.getByTestId('shown-count')).toHaveTextContent('2 of 2');
      await waitFor(async () => expect(((await db.meta.get('firstScreen')) as FirstScreenRecord).rows.map((row) => row.id).sort()).toEqual(['D-1', 'D-2']), { timeout: 5_000 });
      expect(await db.meta.get('firstScreen')).toMatchObject({ userId: testSession.user.id, queue: 'awaitingEvidence', total: 2 });
    } finally {
      rowsRead = undefined;
    }
  });

  it('opens a case on a single click, and moves with j/k and opens with Enter from outside the grid', async () => {
    const { onOpen, grid } = await renderQueues([waiting('D-1', 'u-cm-1'), waiting('D-2', 'u-cm-2'), waiting('D-3')]);
    await screen.findByText('3 of 3');
    await within(grid).findByText('D-3');
    const rows = within(grid).getAllByRole('row');
    expect(rows).toHaveLength(4);
    // People by name, never by id.
    expect(grid).toHaveTextContent('Ana');
    expect(await within(grid).findByText('Mateo Fernández')).toBeInTheDocument();
    expect(grid).not.toHaveTextContent('u-cm-');
    const firstId = within(rows[1]!).getAllByRole('gridcell')[0]!.textContent!;
    await userEvent.click(rows[1]!);
    expect(onOpen).toHaveBeenLastCalledWith(firstId);

    // Focus on the page itself, not the grid: j, j, k, Enter opens the second row.
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('jjk{Enter}');
    const secondId = within(within(grid).getAllByRole('row')[2]!).getAllByRole('gridcell')[0]!.textContent!;
    expect(onOpen).toHaveBeenLastCalledWith(secondId);

    // In the search box, j is a letter, not a move.
    onOpen.mockClear();
    await userEvent.type(screen.getByRole('textbox', { name: 'Search disputes' }), 'j');
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('says the queue is empty, or that the filters hide its disputes and offers to clear them', async () => {
    await renderQueues([waiting('D-1'), waiting('D-2')]);
    await userEvent.click(screen.getByRole('button', { name: 'Filters' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Country' }), 'ZZ');
    expect(await screen.findByText('The filters hide all 2 disputes in this queue.')).toBeInTheDocument();
    await userEvent.click(within(screen.getByRole('grid', { name: 'Dispute queue' })).getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByTestId('shown-count')).toHaveTextContent('2 of 2');
    await userEvent.click(screen.getByRole('button', { name: /Returns in progress/ }));
    expect(await screen.findByText('Nothing in this queue.')).toBeInTheDocument();
  });

  it('searches every queue and names the queue of each dispute it finds', async () => {
    await renderQueues([waiting('D-1'), makeDispute({ id: 'D-77', state: 'under_review', assignee: 'u-cm-1' })]);
    await userEvent.type(screen.getByRole('textbox', { name: 'Search disputes' }), 'D-77');
    expect(await screen.findByRole('heading', { name: 'Search results from every queue' })).toBeInTheDocument();
    const grid = screen.getByRole('grid', { name: 'Dispute queue' });
    expect(await within(grid).findByText('D-77')).toBeInTheDocument();
    expect(grid).toHaveTextContent('My cases · Ready for ruling');
    expect(within(grid).getAllByRole('row')).toHaveLength(2);
  });
});
