import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import type { EvidenceDescription, IngestJobProgressValue, IngestOutcomeValue } from '../../../shared/contract/evidence-calls';
import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import { evidenceItemSchema, type Dispute, type EvidenceItem } from '../../../shared/domain/model';
import { makeDispute, makeEvidence } from '../../../shared/domain/test-fixtures';
import { createI18n } from '../../i18n';
import { EvidenceIntake } from './EvidenceIntake';

// The intake and the case's evidence agreeing: files stored while nobody watched are offered, and
// bytes a party already gave the case are not added twice. The other tests are in EvidenceIntake.test.tsx.

const caseManager = { id: 'cm-1', role: 'case_manager' } as const;

const typeMismatch: EvidenceFlag = {
  code: 'type_mismatch',
  reason: 'The file is named .jpg but its bytes are image/png (.png).',
  details: { claimedExtension: 'jpg', actualType: 'image/png' },
};

const digests = new Map<string, string>();
/** A made-up digest per file name, distinct for every name these tests use. */
function shaOf(fileName: string): string {
  if (!digests.has(fileName)) digests.set(fileName, (digests.size + 1).toString(16).repeat(64));
  return digests.get(fileName)!;
}

type Submission = EvidenceDescription['submissions'][number];

/** What the host describes for a stored file, submitted as `submissions` say (to D-1001 by the buyer unless told). */
function described(fileName: string, submissions: Partial<Submission>[], overrides: Partial<EvidenceDescription> = {}): EvidenceDescription {
  const sha256 = shaOf(fileName);
  return {
    sha256,
    sizeBytes: 1000,
    mediaType: 'image/png',
    kind: 'photo',
    image: null,
    video: null,
    mediaUrl: `desk-media://object/${sha256}`,
    thumbnailUrl: null,
    posterUrl: null,
    playableUrl: null,
    canMakePlayable: false,
    submissions: submissions.map((submission) => ({
      disputeId: 'D-1001',
      party: 'buyer',
      fileName,
      channel: 'upload',
      submittedAt: '2025-03-04T09:00:00.000Z',
      url: null,
      flags: [],
      ...submission,
    })),
    ...overrides,
  };
}

type FileRow = IngestJobProgressValue['files'][number];

function done(fileName: string): FileRow {
  const outcome: IngestOutcomeValue = { ok: true, fileName, sha256: shaOf(fileName), sizeBytes: 1000, mediaType: 'image/png', kind: 'photo', flags: [], existed: false };
  return { name: fileName, status: 'done', bytesDone: 1000, bytesTotal: 1000, outcome };
}

/**
 * A desk whose jobs each play the next script of progress snapshots (the last one repeats), and
 * whose `evidence.ofCase` answers whatever `stored` holds when asked.
 */
function fakeDesk(scripts: FileRow[][][]) {
  const desk = { stored: [] as EvidenceDescription[], polls: 0 };
  const played = new Map<string, { script: FileRow[][]; polls: number }>();
  const started = async () => {
    const jobId = `job-${played.size + 1}`;
    played.set(jobId, { script: scripts[played.size] ?? [[]], polls: 0 });
    return { ok: true, value: { jobId } };
  };
  const invoke = vi.fn(async (name: string, request: { jobId?: string; disputeId?: string }) => {
    if (name === 'evidence.ofCase') return { ok: true, value: desk.stored };
    if (name !== 'evidence.job') return { ok: false, error: { code: 'unknown_call', message: `No ${name} here.` } };
    desk.polls += 1;
    const job = played.get(request.jobId!)!;
    job.polls += 1;
    const files = job.script[Math.min(job.polls, job.script.length) - 1]!;
    return { ok: true, value: { jobId: request.jobId!, files, finished: job.polls >= job.script.length && files.every((file) => file.outcome !== null) } };
  });
  const ingestFiles = vi.fn((_context: unknown, _files: readonly File[]) => started());
  window.desk = { invoke, ingestFiles } as unknown as DeskApi;
  return Object.assign(desk, { invoke, asked: () => invoke.mock.calls.filter(([name]) => name === 'evidence.ofCase').length });
}

async function wrap(children: ReactNode) {
  const i18n = await createI18n('en');
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <MantineProvider>{children}</MantineProvider>
      </I18nextProvider>
    </StrictMode>
  );
}

async function renderIntake(dispute: Dispute, onStored: (item: EvidenceItem) => void) {
  const element = (d: Dispute) => <EvidenceIntake dispute={d} actor={caseManager} onStored={onStored} />;
  const view = render(await wrap(element(dispute)));
  return { ...view, rerenderWith: async (d: Dispute) => view.rerender(await wrap(element(d))) };
}

function dropFiles(count = 1) {
  const files = Array.from({ length: count }, (_, index) => new File(['bytes'], `file-${index}.jpg`, { type: 'image/jpeg' }));
  fireEvent.drop(screen.getByRole('group', { name: 'Drop files here' }), { dataTransfer: { files, types: ['Files'] } });
}

const unfiledTitle = 'Stored on this computer, not yet in the case';

function unfiledNames(): string[] {
  const list = screen.queryByRole('region', { name: unfiledTitle });
  return list === null ? [] : within(list).queryAllByRole('row').slice(1).map((row) => row.querySelector('td')!.textContent!);
}

/** The status column of each job row for `fileName`, newest job first. */
function statusesOf(fileName: string): string[] {
  return screen
    .getAllByRole('article')
    .flatMap((job) => within(job).queryAllByRole('row'))
    .filter((row) => row.querySelector('td')?.textContent === fileName)
    .map((row) => row.querySelectorAll('td')[2]!.textContent!);
}

describe('EvidenceIntake and the evidence stored for the case', () => {
  it('offers files stored for the case that are not its evidence, each with its checks, and adds them as they were stored', async () => {
    const desk = fakeDesk([]);
    const filedItem = makeEvidence({ sha256: shaOf('filed.jpg'), party: 'buyer', fileName: 'filed.jpg' });
    desk.stored = [
      // Filed for the buyer; the same bytes from the seller are not, and another case's submission is not this case's business.
      described('filed.jpg', [{}, { party: 'seller', submittedAt: '2025-03-04T10:00:00.000Z' }, { disputeId: 'D-2002' }]),
      described('receipt.pdf', [{ channel: 'external_link', url: 'https://files.example/receipt', flags: [typeMismatch], submittedAt: '2025-03-03T09:00:00.000Z' }], {
        kind: null,
        mediaType: null,
        sizeBytes: 2048,
      }),
      described('box.jpg', [{ submittedAt: '2025-03-05T09:00:00.000Z' }]),
      described('elsewhere.jpg', [{ disputeId: 'D-2002' }]),
    ];
    const onStored = vi.fn();
    const dispute = makeDispute({ evidence: [filedItem] });
    const view = await renderIntake(dispute, onStored);

    await waitFor(() => expect(unfiledNames()).toEqual(['receipt.pdf', 'filed.jpg', 'box.jpg']));
    expect(desk.invoke).toHaveBeenCalledWith('evidence.ofCase', { disputeId: 'D-1001' });
    const list = screen.getByRole('region', { name: unfiledTitle });
    const row = (name: string) => within(list).getByText(name).closest('tr')!;
    expect(within(row('receipt.pdf')).getByText('Type mismatch')).toBeInTheDocument();
    expect(within(row('filed.jpg')).getByText('Seller')).toBeInTheDocument();
    expect(within(row('filed.jpg')).getByText('No flags')).toBeInTheDocument();
    expect(onStored).not.toHaveBeenCalled();

    await userEvent.click(within(list).getByRole('button', { name: 'Add to case: receipt.pdf (Buyer)' }));
    expect(onStored).toHaveBeenCalledTimes(1);
    const added = evidenceItemSchema.parse(onStored.mock.calls[0]![0]);
    expect(added).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      party: 'buyer',
      kind: 'document',
      channel: 'external_link',
      sha256: shaOf('receipt.pdf'),
      sizeBytes: 2048,
      fileName: 'receipt.pdf',
      url: 'https://files.example/receipt',
      description: 'receipt.pdf',
      submittedAt: '2025-03-03T09:00:00.000Z',
      flags: [typeMismatch],
    });
    // Handed on, it leaves the list at once and stays out once the dispute holds it.
    expect(unfiledNames()).toEqual(['filed.jpg', 'box.jpg']);
    await view.rerenderWith(makeDispute({ evidence: [filedItem, added], version: 11 }));
    expect(unfiledNames()).toEqual(['filed.jpg', 'box.jpg']);

    await userEvent.click(within(list).getByRole('button', { name: 'Add all' }));
    const rest = onStored.mock.calls.slice(1).map(([item]) => evidenceItemSchema.parse(item));
    expect(rest.map((item) => [item.fileName, item.party, item.kind, item.mediaType, item.submittedAt])).toEqual([
      ['filed.jpg', 'seller', 'photo', 'image/png', '2025-03-04T10:00:00.000Z'],
      ['box.jpg', 'buyer', 'photo', 'image/png', '2025-03-05T09:00:00.000Z'],
    ]);
    await view.rerenderWith(makeDispute({ evidence: [filedItem, added, ...rest], version: 12 }));
    expect(screen.queryByRole('region', { name: unfiledTitle })).toBeNull();
    expect(onStored).toHaveBeenCalledTimes(3);
  });

  it('loses nothing when the case is left mid-job: what the host stored afterwards is offered on return', async () => {
    const running: FileRow = { name: 'late-night.jpg', status: 'reading', bytesDone: 10, bytesTotal: 1000, outcome: null };
    const desk = fakeDesk([[[running]]]);
    const onStored = vi.fn();
    const first = await renderIntake(makeDispute(), onStored);
    dropFiles();
    await screen.findByRole('progressbar', { name: 'Progress of late-night.jpg' });
    first.unmount();
    const pollsWhenLeft = desk.polls;

    // The host finished the job after the case view closed.
    desk.stored = [described('late-night.jpg', [{ submittedAt: '2025-03-06T22:00:00.000Z' }])];
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(desk.polls).toBe(pollsWhenLeft);
    expect(onStored).not.toHaveBeenCalled();

    await renderIntake(makeDispute(), onStored);
    await userEvent.click(await screen.findByRole('button', { name: 'Add to case: late-night.jpg (Buyer)' }));
    expect(onStored).toHaveBeenCalledWith(expect.objectContaining({ fileName: 'late-night.jpg', sha256: shaOf('late-night.jpg'), submittedAt: '2025-03-06T22:00:00.000Z' }));
  });

  it('asks again when a job finishes, leaving out what the job itself just reported', async () => {
    const desk = fakeDesk([[[done('fresh.jpg')]]]);
    const onStored = vi.fn();
    await renderIntake(makeDispute(), onStored);
    await waitFor(() => expect(desk.asked()).toBeGreaterThan(0));
    const askedOnMount = desk.asked();
    // By the time the job finishes the host also holds a file an earlier, unwatched job stored.
    desk.stored = [described('fresh.jpg', [{}]), described('earlier.jpg', [{}])];
    dropFiles();

    await waitFor(() => expect(unfiledNames()).toEqual(['earlier.jpg']));
    expect(desk.asked()).toBeGreaterThan(askedOnMount);
    // The dispute does not show fresh.jpg yet (no re-render with it), and it is still not offered twice.
    expect(onStored).toHaveBeenCalledTimes(1);
    expect(onStored.mock.calls[0]![0]).toMatchObject({ fileName: 'fresh.jpg' });
  });

  it('does not add bytes the party already gave the case, and says so', async () => {
    const desk = fakeDesk([
      // The same photo picked twice in one job, beside one the case already holds.
      [[done('known.jpg'), done('photo.jpg'), done('photo.jpg')]],
      // Dropped again before the dispute shows the first add.
      [[done('photo.jpg')]],
      // The bytes the buyer gave, now from the seller: different evidence.
      [[done('known.jpg')]],
    ]);
    const onStored = vi.fn();
    await renderIntake(makeDispute({ evidence: [makeEvidence({ sha256: shaOf('known.jpg'), party: 'buyer', fileName: 'known.jpg' })] }), onStored);

    dropFiles(3);
    await screen.findByText('3 of 3 files finished');
    expect(statusesOf('known.jpg')).toEqual(['Already in this case']);
    expect(statusesOf('photo.jpg')).toEqual(['Stored', 'Already in this case']);
    expect(onStored.mock.calls.map(([item]) => [item.fileName, item.party])).toEqual([['photo.jpg', 'buyer']]);

    dropFiles();
    await waitFor(() => expect(statusesOf('photo.jpg')).toEqual(['Already in this case', 'Stored', 'Already in this case']));
    expect(onStored).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('radio', { name: 'Seller' }));
    dropFiles();
    await waitFor(() => expect(statusesOf('known.jpg')).toEqual(['Stored', 'Already in this case']));
    expect(onStored.mock.calls.map(([item]) => [item.fileName, item.party])).toEqual([
      ['photo.jpg', 'buyer'],
      ['known.jpg', 'seller'],
    ]);
    expect(desk.invoke).not.toHaveBeenCalledWith('evidence.cancel', expect.anything());
  });
});
