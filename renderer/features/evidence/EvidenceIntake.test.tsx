import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi, HostKind } from '../../../shared/contract/calls';
import type { IngestJobProgressValue, IngestOutcomeValue } from '../../../shared/contract/evidence-calls';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { evidenceItemSchema, type Dispute, type EvidenceItem } from '../../../shared/domain/model';
import { makeDispute, makeRequest } from '../../../shared/domain/test-fixtures';
import { createI18n, type LanguageCode } from '../../i18n';
import { EvidenceIntake } from './EvidenceIntake';
import { requestedKindOf } from './intake-context';

const caseManager = { id: 'cm-1', role: 'case_manager' } as const;

const typeMismatch: EvidenceFlag = {
  code: 'type_mismatch',
  reason: 'The file is named .jpg but its bytes are image/png (.png).',
  details: { claimedExtension: 'jpg', actualType: 'image/png' },
};

/** A made-up digest per file name, distinct enough for these tests. */
function shaOf(fileName: string): string {
  return (fileName.charCodeAt(0) % 10).toString().repeat(64);
}

function stored(fileName: string, flags: EvidenceFlag[] = [], kind: 'photo' | 'video' = 'photo'): IngestOutcomeValue {
  return { ok: true, fileName, sha256: shaOf(fileName), sizeBytes: 1000, mediaType: 'image/png', kind, flags, existed: false };
}

type FileRow = IngestJobProgressValue['files'][number];

function progress(files: FileRow[], finished = false): IngestJobProgressValue {
  return { jobId: 'job-1', files, finished };
}

/**
 * A desk whose jobs answer the given progress snapshots in turn (the last one repeats), and
 * records every call, as the hosts would receive them.
 */
function fakeDesk(snapshots: IngestJobProgressValue[], answers: { checkLink?: unknown; host?: HostKind; chooseFolder?: unknown } = {}) {
  let polls = 0;
  let jobs = 0;
  const started = async () => ({ ok: true, value: { jobId: `job-${(jobs += 1)}` } });
  const invoke = vi.fn(async (name: string, _request: unknown) => {
    switch (name) {
      case 'app.info':
        return { ok: true, value: { version: '1.0.0', host: answers.host ?? 'browser', dataDir: '/data', serviceUrl: null, canChooseFolders: answers.host === 'electron' } };
      case 'evidence.chooseFolder':
        return answers.chooseFolder ?? started().then((result) => ({ ok: true, value: { status: 'started', ...result.value } }));
      case 'evidence.job':
        polls += 1;
        return { ok: true, value: snapshots[Math.min(polls, snapshots.length) - 1] ?? null };
      case 'evidence.checkLink':
        return { ok: true, value: answers.checkLink };
      case 'evidence.fetchLink':
      case 'evidence.ingest':
        return started();
      case 'evidence.cancel':
        return { ok: true, value: { cancelled: true } };
      case 'evidence.ofCase':
        return { ok: true, value: [] };
      default:
        return { ok: false, error: { code: 'unknown_call', message: `No ${name} here.` } };
    }
  });
  const ingestFiles = vi.fn((_context: unknown, _files: readonly File[]) => started());
  window.desk = { invoke, ingestFiles } as unknown as DeskApi;
  return { invoke, ingestFiles, polls: () => polls };
}

/** As the app renders: in StrictMode, whose doubled effects must not double a report or a poll. */
async function wrap(children: ReactNode, language: LanguageCode = 'en') {
  const i18n = await createI18n(language);
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <MantineProvider>{children}</MantineProvider>
      </I18nextProvider>
    </StrictMode>
  );
}

const requests = [
  makeRequest({ id: 'R-1', party: 'buyer', kinds: ['video', 'photo'] }),
  makeRequest({ id: 'R-2', party: 'seller', kinds: ['photo', 'document'], dueAt: '2025-03-12T09:00:00Z' }),
  makeRequest({ id: 'R-3', party: 'seller', kinds: ['photo'], dueAt: '2025-03-14T09:00:00Z' }),
];

async function renderIntake(options: { dispute?: Dispute; onStored?: (item: EvidenceItem) => void; actor?: { id: string; role: 'case_manager' | 'reviewer' | 'team_lead' } } = {}) {
  const dispute = options.dispute ?? makeDispute({ evidenceRequests: requests });
  const onStored = options.onStored ?? vi.fn();
  const element = (d: Dispute) => <EvidenceIntake dispute={d} actor={options.actor ?? caseManager} onStored={onStored} />;
  const view = render(await wrap(element(dispute)));
  return { ...view, rerenderWith: async (d: Dispute) => view.rerender(await wrap(element(d))) };
}

function dropFiles(files: File[]) {
  const zone = screen.getByRole('group', { name: 'Drop files here' });
  fireEvent.dragEnter(zone, { dataTransfer: { files, types: ['Files'] } });
  expect(zone).toHaveAttribute('data-dragging');
  expect(zone).toHaveTextContent('Release to bring these files in');
  fireEvent.drop(zone, { dataTransfer: { files, types: ['Files'] } });
  expect(zone).not.toHaveAttribute('data-dragging');
}

const photo = () => new File(['not really a photo'], 'earbud.jpg', { type: 'image/jpeg' });

describe('EvidenceIntake', () => {
  it('passes the chosen party and request as what the files are checked against', async () => {
    const desk = fakeDesk([progress([], true)]);
    await renderIntake();
    const request = screen.getByRole('combobox', { name: 'Answers request' });
    expect(within(request).getAllByRole('option').map((option) => option.textContent)).toEqual(['No request', expect.stringMatching(/^R-1 · Video and Photo · due /)]);

    await userEvent.selectOptions(request, 'R-1');
    expect(screen.getByText(/format Video, due/)).toBeInTheDocument();
    dropFiles([photo()]);
    await waitFor(() => expect(desk.ingestFiles).toHaveBeenCalledTimes(1));
    expect(desk.ingestFiles.mock.calls[0]).toEqual([
      { disputeId: 'D-1001', party: 'buyer', requested: 'video', dueAt: '2025-03-05T09:00:00Z', channel: 'upload' },
      [expect.objectContaining({ name: 'earbud.jpg' })],
    ]);

    // Another party's requests replace the first's, and a choice of the other party no longer applies.
    await userEvent.click(screen.getByRole('radio', { name: 'Seller' }));
    expect(request).toHaveValue('');
    await userEvent.selectOptions(request, 'R-3');
    await userEvent.upload(screen.getByLabelText('Choose files'), [photo()]);
    await waitFor(() => expect(desk.ingestFiles).toHaveBeenCalledTimes(2));
    expect(desk.ingestFiles.mock.calls[1]![0]).toEqual({ disputeId: 'D-1001', party: 'seller', requested: 'photo', dueAt: '2025-03-14T09:00:00Z', channel: 'upload' });

    await userEvent.selectOptions(request, 'R-2');
    await userEvent.selectOptions(request, '');
    await userEvent.upload(screen.getByLabelText('Choose files'), [photo()]);
    await waitFor(() => expect(desk.ingestFiles).toHaveBeenCalledTimes(3));
    expect(desk.ingestFiles.mock.calls[2]![0]).toEqual({ disputeId: 'D-1001', party: 'seller', channel: 'upload' });
  });

  it('asks for the video when a request names video among other kinds, and for nothing in particular when it names several others', () => {
    expect(requestedKindOf(makeRequest({ kinds: ['photo', 'video'] }))).toBe('video');
    expect(requestedKindOf(makeRequest({ kinds: ['document'] }))).toBe('document');
    expect(requestedKindOf(makeRequest({ kinds: ['photo', 'document'] }))).toBeUndefined();
  });

  it('shows a row per file with its progress, and reports each stored file once however often it is polled', async () => {
    const reading: FileRow = { name: 'a.jpg', status: 'reading', bytesDone: 500, bytesTotal: 1000, outcome: null };
    const queued: FileRow = { name: 'b.jpg', status: 'queued', bytesDone: 0, bytesTotal: null, outcome: null };
    const aDone: FileRow = { ...reading, status: 'done', bytesDone: 1000, outcome: stored('a.jpg') };
    const bDone: FileRow = { ...queued, status: 'done', bytesDone: 1000, bytesTotal: 1000, outcome: stored('b.jpg', [typeMismatch]) };
    const cFailed: FileRow = {
      name: 'c.txt',
      status: 'failed',
      bytesDone: 0,
      bytesTotal: 0,
      outcome: { ok: false, fileName: 'c.txt', error: { code: 'empty_file', message: 'c.txt is empty; <b>ask</b> for it again.' } },
    };
    const desk = fakeDesk([
      progress([reading, queued]),
      progress([aDone, { ...queued, status: 'reading', bytesDone: 200 }]),
      progress([aDone, bDone, cFailed]),
      progress([aDone, bDone, cFailed]),
      progress([aDone, bDone, cFailed], true),
    ]);
    const onStored = vi.fn();
    const view = await renderIntake({ onStored });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Answers request' }), 'R-1');
    dropFiles([photo(), photo(), photo()]);

    const first = await screen.findByRole('progressbar', { name: 'Progress of a.jpg' });
    expect(first).toHaveAttribute('aria-valuenow', '50');
    expect(first).toHaveAttribute('aria-valuetext', '500 byte of 1 kB');
    // An unknown size has no made-up percentage.
    expect(screen.getByRole('progressbar', { name: 'Progress of b.jpg' })).not.toHaveAttribute('aria-valuenow');
    expect(screen.getByRole('button', { name: /^Cancel bringing in/ })).toBeInTheDocument();

    // Re-rendering with a changed dispute (as the live query does after each add) changes nothing.
    await view.rerenderWith(makeDispute({ evidenceRequests: requests, version: 11 }));
    await waitFor(() => expect(desk.polls()).toBeGreaterThanOrEqual(5), { timeout: 4000 });
    await screen.findByText('3 of 3 files finished');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(desk.polls()).toBe(5);

    expect(onStored).toHaveBeenCalledTimes(2);
    const items = onStored.mock.calls.map(([item]) => evidenceItemSchema.parse(item));
    expect(items.map((item) => item.fileName)).toEqual(['a.jpg', 'b.jpg']);
    expect(new Set(items.map((item) => item.id)).size).toBe(2);
    expect(items[1]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      party: 'buyer',
      requestId: 'R-1',
      kind: 'photo',
      channel: 'upload',
      sha256: shaOf('b.jpg'),
      mediaType: 'image/png',
      sizeBytes: 1000,
      fileName: 'b.jpg',
      description: 'b.jpg',
      submittedAt: expect.stringMatching(/Z$/),
      flags: [typeMismatch],
    });

    const row = (name: string) => screen.getByText(name, { selector: 'td p' }).closest('tr')!;
    expect(within(row('a.jpg')).getByText('No flags')).toBeInTheDocument();
    expect(within(row('b.jpg')).getByText('Type mismatch')).toBeInTheDocument();
    expect(within(row('b.jpg')).getByText('Named .jpg, but the bytes are image/png. Ask the party why it was renamed.')).toBeInTheDocument();
    expect(within(row('c.txt')).getByText('The file is empty')).toBeInTheDocument();
    expect(within(row('c.txt')).getByText('c.txt is empty; <b>ask</b> for it again.')).toBeInTheDocument();
    expect(row('c.txt').querySelector('b')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Cancel bringing in/ })).toBeNull();
  });

  it('cancels a running job through the host', async () => {
    const desk = fakeDesk([progress([{ name: 'big.mp4', status: 'reading', bytesDone: 10, bytesTotal: 1_000_000, outcome: null }])]);
    await renderIntake();
    dropFiles([photo()]);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel bringing in: Submitted by: Buyer' }));
    expect(desk.invoke).toHaveBeenCalledWith('evidence.cancel', { jobId: 'job-1' });
  });

  it('shows why a link was refused and never fetches it; an accepted link is fetched as checked', async () => {
    const reason = 'Links to files.evil.example are not allowed: add the host in Settings first.';
    const desk = fakeDesk([progress([], true)], { checkLink: { ok: false, reason } });
    await renderIntake();
    const field = screen.getByRole('textbox', { name: 'External link' });
    const fetchButton = screen.getByRole('button', { name: 'Fetch into the store' });
    await userEvent.type(field, 'https://files.evil.example/x.mp4');
    await userEvent.click(screen.getByRole('button', { name: 'Check link' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(reason);
    expect(fetchButton).toBeDisabled();
    await userEvent.click(fetchButton);
    expect(desk.invoke.mock.calls.map(([name]) => name)).not.toContain('evidence.fetchLink');

    desk.invoke.mockImplementation(async (name: string) =>
      name === 'evidence.checkLink'
        ? { ok: true, value: { ok: true, url: 'https://videos.example/clip.mp4', host: 'videos.example' } }
        : name === 'evidence.fetchLink'
          ? { ok: true, value: { jobId: 'job-2' } }
          : { ok: true, value: name === 'evidence.ofCase' ? [] : null },
    );
    await userEvent.clear(field);
    await userEvent.type(field, 'https://videos.example/clip.mp4');
    // The refusal was for another link; it is gone with the edit.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fetchButton).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Check link' }));
    expect(await screen.findByText('Dispute Desk can fetch this link from videos.example.')).toBeInTheDocument();
    await userEvent.click(fetchButton);
    expect(desk.invoke).toHaveBeenCalledWith('evidence.fetchLink', {
      context: { disputeId: 'D-1001', party: 'buyer', channel: 'external_link' },
      url: 'https://videos.example/clip.mp4',
    });
  });

  it('reads a folder on this computer by its path', async () => {
    const desk = fakeDesk([progress([], true)]);
    await renderIntake();
    await userEvent.type(await screen.findByRole('textbox', { name: 'Folder on this computer' }), '/home/cm/evidence/D-1001');
    await userEvent.click(screen.getByRole('button', { name: 'Bring in folder' }));
    expect(desk.invoke).toHaveBeenCalledWith('evidence.ingest', {
      context: { disputeId: 'D-1001', party: 'buyer', channel: 'upload' },
      paths: ['/home/cm/evidence/D-1001'],
    });
  });

  it('in the desktop app, brings in only a folder chosen in the dialog, never a typed path', async () => {
    const desk = fakeDesk([progress([{ name: 'clip.mp4', status: 'reading', bytesDone: 5, bytesTotal: 10, outcome: null }])], { host: 'electron' });
    await renderIntake();
    await userEvent.click(await screen.findByRole('button', { name: 'Choose folder…' }));
    expect(screen.queryByRole('textbox', { name: 'Folder on this computer' })).toBeNull();
    expect(desk.invoke).toHaveBeenCalledWith('evidence.chooseFolder', { context: { disputeId: 'D-1001', party: 'buyer', channel: 'upload' } });
    expect(desk.invoke).not.toHaveBeenCalledWith('evidence.ingest', expect.anything());
    expect(await screen.findByText('clip.mp4')).toBeInTheDocument();
  });

  it('in the desktop app, starts nothing and says nothing when the dialog is cancelled', async () => {
    const desk = fakeDesk([], { host: 'electron', chooseFolder: { ok: true, value: { status: 'cancelled' } } });
    await renderIntake();
    await userEvent.click(await screen.findByRole('button', { name: 'Choose folder…' }));
    await waitFor(() => expect(desk.invoke).toHaveBeenCalledWith('evidence.chooseFolder', expect.anything()));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Bringing in' })).toBeNull();
    expect(desk.invoke).not.toHaveBeenCalledWith('evidence.job', expect.anything());
  });

  it.each([
    ['a refusal from the host', { ok: false, error: { code: 'internal', message: 'The folder could not be read.' } }, 'The folder could not be read.'],
    ['a host with no dialog', { ok: true, value: { status: 'unavailable', message: 'none here' } }, "This Dispute Desk cannot open a folder dialog. Type the folder's full path instead."],
  ])('in the desktop app, shows %s in words', async (_what, answer, words) => {
    fakeDesk([], { host: 'electron', chooseFolder: answer });
    await renderIntake();
    await userEvent.click(await screen.findByRole('button', { name: 'Choose folder…' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(words);
  });

  it('is offered only to case managers and team leads, on disputes still open to evidence', async () => {
    fakeDesk([]);
    await renderIntake({ actor: { id: 'rv-1', role: 'reviewer' } });
    expect(screen.queryByRole('heading', { name: 'Bring in evidence' })).toBeNull();
    await renderIntake({ dispute: makeDispute({ state: 'cancelled', closedAt: '2025-03-01T09:00:00Z' }) });
    expect(screen.queryByRole('heading', { name: 'Bring in evidence' })).toBeNull();
    await renderIntake({ actor: { id: 'tl-1', role: 'team_lead' } });
    expect(screen.getByRole('region', { name: 'Bring in evidence' })).toBeInTheDocument();
  });
});
