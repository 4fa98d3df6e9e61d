import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../../../test/support/media';
import { EvidenceService, type IngestContext } from './evidence-service';
import { IngestJobs, type IngestJobProgress } from './ingest-jobs';

let work: string;
let service: EvidenceService;
const context: IngestContext = { disputeId: 'D-J', party: 'seller', channel: 'upload' };

async function untilFinished(jobs: IngestJobs, jobId: string, seen: (progress: IngestJobProgress) => void = () => {}): Promise<IngestJobProgress> {
  for (;;) {
    const progress = jobs.progress(jobId);
    if (progress === null) throw new Error('the job vanished');
    seen(structuredClone(progress));
    if (progress.finished) return progress;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-jobs-'));
  service = await EvidenceService.open(path.join(work, 'store'));
});
afterAll(async () => {
  service.close();
  await rm(work, { recursive: true, force: true });
});

describe('ingestion jobs', () => {
  it('walks a folder, reads at most two files at once, and reports bytes done of total', async () => {
    const folder = path.join(work, 'folder');
    await mkdir(path.join(folder, 'inner'), { recursive: true });
    for (let i = 0; i < 4; i += 1) await writeFile(path.join(folder, `part-${i}.bin`), Buffer.alloc(12 * 1024 * 1024, i + 1));
    await writePhoto(path.join(folder, 'inner', 'photo.jpg'), { seed: 50 });
    const jobs = new IngestJobs(service);
    const jobId = await jobs.start(context, [folder]);
    let mostReading = 0;
    const done = await untilFinished(jobs, jobId, (progress) => {
      mostReading = Math.max(mostReading, progress.files.filter((file) => file.status === 'reading').length);
    });
    expect(mostReading).toBeLessThanOrEqual(2);
    expect(done.files.map((file) => file.name).sort()).toEqual(['part-0.bin', 'part-1.bin', 'part-2.bin', 'part-3.bin', 'photo.jpg']);
    for (const file of done.files) {
      expect(file.status).toBe('done');
      expect(file.bytesDone).toBe(file.bytesTotal);
    }
  });

  it('cancels what is not done yet and keeps nothing partial', async () => {
    const big = path.join(work, 'big.bin');
    await writeFile(big, Buffer.alloc(96 * 1024 * 1024, 9));
    const jobs = new IngestJobs(service, 1);
    const jobId = await jobs.start(context, [big, big]);
    expect(jobs.cancel(jobId)).toBe(true);
    const done = await untilFinished(jobs, jobId);
    expect(done.files.map((file) => file.status)).toEqual(['cancelled', 'cancelled']);
    expect(done.files[0]?.outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('takes streamed uploads into an open job until it is sealed', async () => {
    const jobs = new IngestJobs(service);
    const jobId = await jobs.start(context, [], { open: true });
    const bytes = await writePhoto(path.join(work, 'upload.jpg'), { seed: 51 });
    const outcome = await jobs.addStream(jobId, 'upload.jpg', () => Readable.from([bytes]), bytes.length);
    expect(outcome).toMatchObject({ ok: true, mediaType: 'image/jpeg', sizeBytes: bytes.length });
    expect(jobs.progress(jobId)?.finished).toBe(false);
    expect(jobs.seal(jobId)).toBe(true);
    expect(jobs.progress(jobId)?.finished).toBe(true);
    expect(jobs.addStream(jobId, 'late.jpg', () => Readable.from([bytes]), bytes.length)).toBeNull();
    expect(jobs.addStream('no-such-job', 'x.jpg', () => Readable.from([bytes]), bytes.length)).toBeNull();
  });
});
