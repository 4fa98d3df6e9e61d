import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxInMemoryFileBytes, type IngestJobProgressValue } from '../../shared/contract/evidence-calls';
import type { DeskResult } from '../../shared/contract/errors';
import { setLogSink, type LogSink } from '../../shared/logger';
import { writePhoto } from '../../test/support/media';
import type { DeskHandlers } from './desk-dispatch';
import { createDeskHandlers, type DeskServices, type HostContext } from './desk-handlers';
import { openDeskServices } from './desk-start';
import { answerPageCall, answerUserFiles, chosenFolder } from './ingest-channels';

let work: string;
let services: DeskServices;
let photoBytes: Buffer;
let photoPath: string;
let folder: string;
let chooser: () => Promise<string | null>;
const context = { disputeId: 'D-CHANNELS', party: 'buyer', channel: 'upload' } as const;
const host: HostContext = { host: 'electron', version: '1.0.0', dataDir: '/data', defaultServiceUrl: null, logDir: '/data/logs', chooseFolder: () => chooser() };

function electronHandlers(): DeskHandlers {
  return createDeskHandlers(host, services);
}

async function finished(handlers: DeskHandlers, jobId: string): Promise<IngestJobProgressValue> {
  for (;;) {
    const answer = await answerPageCall(handlers, 'evidence.job', { jobId });
    const progress = (answer as { ok: true; value: IngestJobProgressValue | null }).value;
    if (progress === null) throw new Error('the job vanished');
    if (progress.finished) return progress;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function jobIdOf(result: DeskResult<unknown>): string {
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { jobId: string }).jobId;
}

let logged: Parameters<LogSink>[0][] = [];
let previousSink: LogSink;
beforeEach(() => {
  logged = [];
  previousSink = setLogSink((record) => logged.push(record));
});
afterEach(() => setLogSink(previousSink));

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'desk-channels-'));
  services = await openDeskServices(path.join(work, 'data'), (sha256) => `evidence://media/${sha256}`);
  photoPath = path.join(work, 'dropped.jpg');
  photoBytes = await writePhoto(photoPath, { seed: 71 });
  folder = path.join(work, 'chosen');
  await mkdir(folder);
  await writePhoto(path.join(folder, 'in-folder.jpg'), { seed: 72 });
  await writePhoto(path.join(folder, 'also.png'), { seed: 73, format: 'png' });
});
afterAll(async () => {
  services.evidence.close();
  await rm(work, { recursive: true, force: true });
});

describe('the page channel in the Electron host', () => {
  it.each([
    ['a file path', { context, paths: [path.join(os.homedir(), '.ssh', 'id_ed25519')] }],
    ['a folder path', { context, paths: ['/etc'] }],
    ['no paths at all', { context, paths: [], open: true }],
    ['a malformed request', { paths: 'not even a list' }],
  ])('refuses evidence.ingest naming %s with `forbidden`, logs it, and reads nothing', async (_what, payload) => {
    const before = services.evidence.index.submissionsIn(context.disputeId).length;
    const answer = await answerPageCall(electronHandlers(), 'evidence.ingest', payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/drop them, choose them, or choose a folder/) } });
    expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', module: 'ingest-channels', message: expect.stringMatching(/names paths/) }));
    expect(services.evidence.index.submissionsIn(context.disputeId)).toHaveLength(before);
  });

  it('answers every other call as dispatch does', async () => {
    await expect(answerPageCall(electronHandlers(), 'app.info', {})).resolves.toMatchObject({ ok: true, value: { host: 'electron' } });
    await expect(answerPageCall(electronHandlers(), 'app.nope', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(logged).toEqual([]);
  });
});

describe("the preload's user-files channel", () => {
  it('brings in the paths the preload found for dropped files', async () => {
    const handlers = electronHandlers();
    const jobId = jobIdOf(await answerUserFiles(handlers, { context, paths: [photoPath], open: false }));
    const progress = await finished(handlers, jobId);
    expect(progress.files).toEqual([expect.objectContaining({ name: 'dropped.jpg', status: 'done', outcome: expect.objectContaining({ ok: true, mediaType: 'image/jpeg' }) })]);
  }, 60_000);

  it.each([
    ['no context', { paths: [photoPath] }],
    ['a path that is not text', { context, paths: [42] }],
    ['an unexpected field', { context, paths: [photoPath], url: 'https://example.com' }],
  ])('refuses a payload with %s as bad_request', async (_what, payload) => {
    await expect(answerUserFiles(electronHandlers(), payload)).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('keeps a job open for in-memory files, which join it by their bytes', async () => {
    const handlers = electronHandlers();
    const jobId = jobIdOf(await answerUserFiles(handlers, { context, paths: [], open: true }));
    const png = await writePhoto(path.join(work, 'snapshot-source.png'), { seed: 74, format: 'png' });
    await expect(answerPageCall(handlers, 'evidence.ingestBytes', { jobId, name: 'snapshot-1.png', bytes: new Uint8Array(png) })).resolves.toEqual({ ok: true, value: { added: true } });
    await answerPageCall(handlers, 'evidence.seal', { jobId });
    const progress = await finished(handlers, jobId);
    expect(progress.files).toEqual([expect.objectContaining({ name: 'snapshot-1.png', status: 'done', outcome: expect.objectContaining({ ok: true, mediaType: 'image/png', sizeBytes: png.length }) })]);
  }, 60_000);
});

describe('evidence.chooseFolder', () => {
  it("brings in the folder main's dialog answered, subfolders included", async () => {
    chooser = async () => folder;
    const handlers = electronHandlers();
    const answer = await answerPageCall(handlers, 'evidence.chooseFolder', { context });
    expect(answer).toMatchObject({ ok: true, value: { status: 'started' } });
    const progress = await finished(handlers, (answer as { ok: true; value: { jobId: string } }).value.jobId);
    expect(progress.files.map((file) => [file.name, file.status]).sort()).toEqual([['also.png', 'done'], ['in-folder.jpg', 'done']]);
  }, 60_000);

  it('starts nothing when the user cancels the dialog', async () => {
    chooser = async () => null;
    await expect(answerPageCall(electronHandlers(), 'evidence.chooseFolder', { context })).resolves.toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('says a host without a dialog has none', async () => {
    const browser = createDeskHandlers({ host: 'browser', version: '1.0.0', dataDir: '/data', defaultServiceUrl: null, logDir: '/data/logs' }, services);
    await expect(answerPageCall(browser, 'evidence.chooseFolder', { context })).resolves.toMatchObject({ ok: true, value: { status: 'unavailable', message: expect.stringMatching(/type the folder/) } });
  });

  it('reads the dialog: the first chosen folder, or null when cancelled or empty', () => {
    expect(chosenFolder({ canceled: false, filePaths: ['/home/cm/evidence'] })).toBe('/home/cm/evidence');
    expect(chosenFolder({ canceled: true, filePaths: ['/home/cm/evidence'] })).toBeNull();
    expect(chosenFolder({ canceled: false, filePaths: [] })).toBeNull();
  });
});

describe('evidence.ingestBytes (both hosts dispatch it)', () => {
  async function openJob(handlers: DeskHandlers): Promise<string> {
    return jobIdOf(await answerUserFiles(handlers, { context, paths: [], open: true }));
  }

  it.each([
    ['empty bytes', () => new Uint8Array(0), /empty/],
    ['bytes over the cap', () => new Uint8Array(maxInMemoryFileBytes + 1), /at most 64 MiB/],
    ['a string instead of bytes', () => 'iVBORw0KGgo=', /binary data/],
    ['an array of numbers instead of bytes', () => [137, 80, 78, 71], /binary data/],
    ['an object instead of bytes', () => ({ 0: 137, length: 1 }), /binary data/],
  ])('refuses %s as bad_request with a sentence to act on, adding nothing', async (_what, bytes, message) => {
    const handlers = electronHandlers();
    const jobId = await openJob(handlers);
    const answer = await answerPageCall(handlers, 'evidence.ingestBytes', { jobId, name: 'x.png', bytes: bytes() });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(message) } });
    await answerPageCall(handlers, 'evidence.seal', { jobId });
    expect((await finished(handlers, jobId)).files).toEqual([]);
  });

  it.each([['a job that does not exist', 'no-such-job'], ['a sealed job', null]])('answers added: false for %s', async (_what, given) => {
    const handlers = electronHandlers();
    let jobId = given;
    if (jobId === null) {
      jobId = await openJob(handlers);
      await answerPageCall(handlers, 'evidence.seal', { jobId });
    }
    await expect(answerPageCall(handlers, 'evidence.ingestBytes', { jobId, name: 'x.jpg', bytes: new Uint8Array(photoBytes) })).resolves.toEqual({ ok: true, value: { added: false } });
  });

  it('types the bytes by content: a text file named .png is kept and flagged, not refused', async () => {
    const handlers = electronHandlers();
    const jobId = await openJob(handlers);
    const bytes = new TextEncoder().encode('not a picture at all\n');
    await expect(answerPageCall(handlers, 'evidence.ingestBytes', { jobId, name: 'renamed.png', bytes })).resolves.toEqual({ ok: true, value: { added: true } });
    await answerPageCall(handlers, 'evidence.seal', { jobId });
    const [file] = (await finished(handlers, jobId)).files;
    expect(file?.outcome).toMatchObject({ ok: true, sizeBytes: bytes.length });
    expect(file?.outcome?.ok === true ? file.outcome.flags.map((flag) => flag.code) : []).toContain('unsupported_type');
  }, 60_000);
});
