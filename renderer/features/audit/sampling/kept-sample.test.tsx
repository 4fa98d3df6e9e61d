import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DeskDatabase, type SessionRecord } from '../../../data/db';
import { DeskDataProvider } from '../../../data/DeskDataProvider';
import { testSession } from '../../../data/test-fixtures';
import { forgetSample, keepSample, readKeptSample, useKeptSample, type KeptSample } from './kept-sample';

const dmitri: SessionRecord = { ...testSession, user: { id: 'u-tl-1', name: 'Dmitri', role: 'team_lead' } };
const sample: KeptSample = {
  drawnAt: '2026-12-02T10:00:00.000Z',
  chosenId: 'u-rv-1',
  rows: [
    { disputeId: 'D-1', ruledBy: 'u-cm-1', ruledAt: '2026-12-01T10:00:00.000Z', outcome: 'full_refund', reviewerId: 'u-rv-1' },
    { disputeId: 'D-2', ruledBy: 'u-rv-1', ruledAt: '2026-12-01T11:00:00.000Z', outcome: 'claim_rejected' },
  ],
};

function Probe() {
  const { sample: kept } = useKeptSample();
  return <p data-testid="kept">{kept === undefined ? 'reading' : kept === null ? 'none' : kept.rows.map((row) => row.disputeId).join(',')}</p>;
}

function show(db: DeskDatabase) {
  return render(
    <DeskDataProvider db={db} serviceUrl={dmitri.serviceUrl}>
      <Probe />
    </DeskDataProvider>,
  );
}

describe('the kept quality sample', () => {
  it('is there after leaving and coming back, until forgotten', async () => {
    const db = new DeskDatabase(`kept-${crypto.randomUUID()}`);
    await db.meta.put(dmitri);
    await keepSample(db, 'u-tl-1', sample);
    const first = show(db);
    await waitFor(() => expect(screen.getByTestId('kept')).toHaveTextContent('D-1,D-2'));
    first.unmount();

    // A new database object on the same store: what the app finds after a restart.
    const reopened = new DeskDatabase(db.name);
    const second = show(reopened);
    await waitFor(() => expect(screen.getByTestId('kept')).toHaveTextContent('D-1,D-2'));
    await act(() => forgetSample(reopened, 'u-tl-1'));
    await waitFor(() => expect(screen.getByTestId('kept')).toHaveTextContent('none'));
    second.unmount();
  });

  it('belongs to one user: another team lead on this computer does not see it', async () => {
    const db = new DeskDatabase(`kept-${crypto.randomUUID()}`);
    await keepSample(db, 'u-tl-1', sample);
    expect(await readKeptSample(db, 'u-tl-1')).toEqual(sample);
    expect(await readKeptSample(db, 'u-tl-2')).toBeNull();
  });

  it('keeps a reviewer left out (nobody could review) as left out', async () => {
    const db = new DeskDatabase(`kept-${crypto.randomUUID()}`);
    await keepSample(db, 'u-tl-1', sample);
    const read = await readKeptSample(db, 'u-tl-1');
    expect(read?.rows[1]).not.toHaveProperty('reviewerId');
  });
});
