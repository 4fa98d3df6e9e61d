import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';
import { makeDispute, makeEvidence } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal } from '../../data/db';
import { DeskDataProvider } from '../../data/DeskDataProvider';
import { putRows, testSession } from '../../data/test-fixtures';
import { createI18n } from '../../i18n';
import { CompareScreen } from './CompareScreen';
import type { ViewerItemRef } from './pane-sources';

const sha = (digit: string) => digit.repeat(64);

const dispute = makeDispute({
  id: 'D-1',
  evidence: [
    makeEvidence({ id: 'E-1', kind: 'photo', sha256: sha('1'), fileName: 'listing.jpg', mediaType: 'image/jpeg' }),
    makeEvidence({ id: 'E-2', kind: 'photo', sha256: sha('2'), fileName: 'received.jpg', mediaType: 'image/jpeg', party: 'seller' }),
    makeEvidence({ id: 'E-3', kind: 'video', sha256: sha('3'), fileName: 'unboxing.mp4' }),
    makeEvidence({ id: 'E-4', kind: 'video', sha256: sha('4'), fileName: 'packing.mp4', party: 'seller' }),
    makeEvidence({ id: 'E-5', kind: 'photo', sha256: sha('5'), fileName: 'scan.png' }),
  ],
});

function described(digit: string, overrides: Partial<EvidenceDescription> = {}): EvidenceDescription {
  return {
    sha256: sha(digit),
    sizeBytes: 2_400_000,
    mediaType: 'image/jpeg',
    kind: 'photo',
    image: { width: 1600, height: 1200, camera: 'Pixel 8', software: null, capturedAt: '2025-03-01T10:00:00Z', modifiedAt: null },
    video: null,
    mediaUrl: `/media/${sha(digit)}`,
    thumbnailUrl: null,
    posterUrl: null,
    playableUrl: null,
    canMakePlayable: false,
    submissions: [],
    ...overrides,
  };
}

const video = (digit: string) =>
  described(digit, {
    kind: 'video',
    mediaType: 'video/mp4',
    image: null,
    video: { container: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'h264', durationSeconds: 10, width: 640, height: 360, frameRate: 25, createdAt: null, encoder: 'Lavf' },
  });

/** The host: what it can describe, and what the case service answers for a download. */
function fakeDesk(known: Record<string, EvidenceDescription | null>, other?: (name: string, request: { sha256: string }) => Promise<unknown> | undefined) {
  const invoke = vi.fn(async (name: string, request: { sha256: string }): Promise<unknown> => {
    const answer = other?.(name, request);
    if (answer !== undefined) return answer;
    switch (name) {
      case 'evidence.describe':
        return { ok: true, value: known[request.sha256] ?? null };
      case 'evidence.download':
        return { ok: true, value: { status: 'missing', message: 'The case service has no such file.' } };
      default:
        return { ok: false, error: { code: 'unknown_call', message: `No ${name} here.` } };
    }
  });
  window.desk = { invoke, ingestFiles: vi.fn() } as unknown as DeskApi;
  return invoke;
}

async function renderViewer(items: ViewerItemRef[], db = new DeskDatabase(`test-${crypto.randomUUID()}`)) {
  await db.disputes.put(toLocal(dispute).stored);
  await putRows(db, [{ row: toLocal(dispute).row }]);
  await db.meta.put(testSession);
  const i18n = await createI18n('en');
  render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <DeskDataProvider db={db} serviceUrl={testSession.serviceUrl}>
            <CompareScreen items={items} />
          </DeskDataProvider>
        </MantineProvider>
      </I18nextProvider>
    </StrictMode>,
  );
  return { db, viewer: await screen.findByRole('region', { name: 'Evidence viewer' }) };
}

beforeEach(() => {
  // No case service answers in these tests; the engine's pulls fail quietly as offline.
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('offline');
  });
  // jsdom draws nothing; the difference view then waits for pictures, as it would before they load.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the evidence viewer', { timeout: 20_000 }, () => {
  it('says how to choose evidence when nothing is chosen', async () => {
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <DeskDataProvider db={new DeskDatabase(`test-${crypto.randomUUID()}`)} serviceUrl={null}>
            <CompareScreen items={undefined} />
          </DeskDataProvider>
        </MantineProvider>
      </I18nextProvider>,
    );
    expect(await screen.findByText('Nothing chosen to compare')).toBeInTheDocument();
    expect(screen.getByText(/tick two to four photos or videos/)).toBeInTheDocument();
  });

  it('shows two photos with their facts, switches layouts by radio and by key, and swaps panes', async () => {
    fakeDesk({ [sha('1')]: described('1'), [sha('2')]: described('2', { image: { width: 800, height: 600, software: 'GIMP 2.10' } }) });
    const { viewer } = await renderViewer([
      { disputeId: 'D-1', evidenceId: 'E-1' },
      { disputeId: 'D-1', evidenceId: 'E-2' },
    ]);
    expect(await within(screen.getByTestId('viewer-pane-0')).findByTestId('pane-image-0')).toHaveAttribute('src', `/media/${sha('1')}`);
    expect(await within(screen.getByTestId('viewer-pane-1')).findByTestId('pane-image-1')).toHaveAttribute('src', `/media/${sha('2')}`);
    expect(screen.getByRole('heading', { name: '1 · listing.jpg' })).toBeInTheDocument();
    expect(screen.getByText('Pixel 8')).toBeInTheDocument();
    expect(screen.getByText('GIMP 2.10')).toBeInTheDocument();
    expect(screen.getByText('1600 × 1200')).toBeInTheDocument();
    // Photos have no transport.
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();

    const layout = screen.getByRole('radiogroup', { name: 'Layout' });
    expect(within(layout).getByRole('radio', { name: 'Side by side' })).toBeChecked();
    await userEvent.click(within(layout).getByRole('radio', { name: 'Swipe' }));
    const divider = screen.getByRole('separator', { name: 'Swipe divider' });
    expect(divider).toHaveAttribute('aria-valuenow', '50');
    fireEvent.keyDown(divider, { key: 'ArrowLeft', shiftKey: true });
    expect(divider).toHaveAttribute('aria-valuenow', '40');

    fireEvent.keyDown(viewer, { key: '5' });
    expect(within(layout).getByRole('radio', { name: 'Difference' })).toBeChecked();
    expect(screen.getByTestId('difference-canvas')).toBeInTheDocument();
    expect(screen.queryByRole('separator', { name: 'Swipe divider' })).toBeNull();
    fireEvent.keyDown(viewer, { key: '4' });
    expect(screen.getByRole('slider', { name: 'Overlay opacity' })).toBeInTheDocument();
    fireEvent.keyDown(viewer, { key: '1' });
    expect(screen.queryByTestId('difference-canvas')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Swap panes' }));
    expect(screen.getByTestId('viewer-pane-0')).toHaveAccessibleName('Pane 1: received.jpg');
    expect(within(screen.getByTestId('viewer-pane-0')).getByTestId('pane-image-0')).toHaveAttribute('src', `/media/${sha('2')}`);

    fireEvent.keyDown(viewer, { key: '?' });
    expect(await screen.findByRole('dialog', { name: 'Viewer shortcuts' })).toHaveTextContent('Save the active video');
  });

  it('gives videos one transport, a frame readout and per-pane offsets', async () => {
    fakeDesk({ [sha('3')]: video('3'), [sha('4')]: video('4') });
    await renderViewer([
      { disputeId: 'D-1', evidenceId: 'E-3' },
      { disputeId: 'D-1', evidenceId: 'E-4' },
    ]);
    expect(await screen.findByTestId('pane-video-1')).toBeInTheDocument();
    for (const name of ['Play', 'Next frame', 'Previous frame', 'Forward 10 frames', 'Back 10 frames', 'Zoom', 'Add note', 'Snapshot']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    // Fit and actual pixels sit in the Zoom menu, so the toolbar stays one row at 1280×720.
    await userEvent.click(screen.getByRole('button', { name: 'Zoom' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getAllByRole('menuitem', { hidden: true }).map((item) => item.textContent)).toEqual(['Fit', 'Actual pixels', 'Zoom in', 'Zoom out']);
    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('combobox', { name: 'Speed' })).toHaveValue('1');
    expect(screen.getByTestId('viewer-time')).toHaveTextContent('frame 0 · 00:00.000');
    const offset = screen.getByRole('spinbutton', { name: 'Offset (frames) pane 2' });
    await userEvent.click(screen.getByRole('button', { name: '+10 frames pane 2' }));
    await userEvent.click(screen.getByRole('button', { name: '-1 frame pane 2' }));
    expect(offset).toHaveValue('9');
    await userEvent.click(screen.getByRole('button', { name: '+1 frame pane 2' }));
    await userEvent.click(screen.getByRole('button', { name: '-10 frames pane 2' }));
    expect(offset).toHaveValue('0');
    const seconds = screen.getByRole('textbox', { name: 'Offset (seconds) pane 2' });
    await userEvent.clear(seconds);
    await userEvent.type(seconds, '0.2{Enter}');
    expect(offset).toHaveValue('5');
    // Until a video has a frame on screen, there is nothing to snapshot, and the viewer says so.
    expect(screen.getByRole('button', { name: 'Snapshot' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Snapshot' })).toHaveAccessibleDescription(/no frame on screen yet/);
    // Each pane's card stands beside the panes, its format in words rather than the probe's list.
    const details = screen.getByRole('complementary', { name: 'Notes and details of each pane' });
    expect(details).toHaveTextContent('H.264 · MP4');
    expect(details).not.toHaveTextContent('mov,mp4');
    await userEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.queryByRole('complementary', { name: 'Notes and details of each pane' })).not.toBeInTheDocument();
  });

  it('keeps a note on a photo with the case, at the spot, and lists it beside the pane', async () => {
    fakeDesk({ [sha('1')]: described('1'), [sha('2')]: described('2') });
    const { db } = await renderViewer([
      { disputeId: 'D-1', evidenceId: 'E-1' },
      { disputeId: 'D-1', evidenceId: 'E-2' },
    ]);
    await screen.findByTestId('pane-image-1');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a note' });
    expect(dialog).toHaveTextContent('Pane 1 · listing.jpg at the marked spot (50% across, 50% down)');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'The box corner is crushed.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save note' }));
    await waitFor(async () => {
      const stored = await db.disputes.get('D-1');
      expect(stored?.doc.evidenceNotes).toMatchObject([{ evidenceId: 'E-1', x: 0.5, y: 0.5, text: 'The box corner is crushed.', by: 'u-cm-1' }]);
    });
    expect(await db.outbox.toArray()).toMatchObject([{ name: 'evidence.note', status: 'pending' }]);
    const notes = screen.getByRole('region', { name: 'Notes on pane 1' });
    expect(await within(notes).findByRole('button', { name: /Go to the note at Spot 1 \(50%, 50%\): The box corner is crushed\./ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Note 1: The box corner is crushed.' })).toBeInTheDocument();
  });

  it('offers a video still arriving from the case service, played from what has arrived', async () => {
    const invoke = fakeDesk({ [sha('3')]: video('3') }, (name, request) => {
      if (name === 'evidence.startDownload') {
        return Promise.resolve({ ok: true, value: { arriving: true, mediaUrl: `/media/${request.sha256}`, mediaType: 'video/mp4', sizeBytes: 300_000_000, message: 'Arriving.' } });
      }
      // The whole file is still on its way.
      return name === 'evidence.download' ? new Promise(() => undefined) : undefined;
    });
    await renderViewer([
      { disputeId: 'D-1', evidenceId: 'E-3' },
      { disputeId: 'D-1', evidenceId: 'E-4' },
    ]);
    expect(await screen.findByTestId('pane-video-1')).toHaveAttribute('src', `/media/${sha('4')}`);
    expect(invoke).toHaveBeenCalledWith('evidence.startDownload', { sha256: sha('4'), token: testSession.token });
  });

  it('says in the pane when an object cannot be had or is too large, and the other pane keeps working', async () => {
    const invoke = fakeDesk({ [sha('1')]: described('1'), [sha('5')]: described('5', { image: { width: 40_000, height: 40_000 } }) });
    await renderViewer([
      { disputeId: 'D-1', evidenceId: 'E-1' },
      { disputeId: 'D-1', evidenceId: 'E-2' },
      { disputeId: 'D-1', evidenceId: 'E-5' },
    ]);
    const missing = await within(screen.getByTestId('viewer-pane-1')).findByRole('alert');
    expect(missing).toHaveTextContent('received.jpg cannot be shown: The case service has no such file.');
    expect(invoke).toHaveBeenCalledWith('evidence.download', { sha256: sha('2'), token: testSession.token });
    const huge = await within(screen.getByTestId('viewer-pane-2')).findByRole('alert');
    expect(huge).toHaveTextContent('40,000 × 40,000 pixels (1,600 megapixels): too large to display');
    expect(within(screen.getByTestId('viewer-pane-2')).queryByTestId('pane-image-2')).toBeNull();
    expect(within(screen.getByTestId('viewer-pane-0')).getByTestId('pane-image-0')).toBeInTheDocument();
    expect(within(screen.getByTestId('viewer-pane-0')).queryByRole('alert')).toBeNull();
  });
});
