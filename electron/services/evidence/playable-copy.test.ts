import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeBinary } from '../../../test/support/ffmpeg';
import { writePhoto, writeVideo } from '../../../test/support/media';
import { EvidenceService } from './evidence-service';
import { PlayableCopies, playableFileName, type TaskProgress } from './playable-copy';

const run = promisify(execFile);
let work: string;
let service: EvidenceService;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-playable-'));
  service = await EvidenceService.open(path.join(work, 'store'));
});
afterAll(async () => {
  service.close();
  await rm(work, { recursive: true, force: true });
});

async function finished(copies: PlayableCopies, taskId: string): Promise<TaskProgress> {
  for (;;) {
    const progress = copies.progress(taskId);
    if (progress === null) throw new Error('no such task');
    if (progress.status !== 'running') return progress;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('playable copies', () => {
  it('makes an H.264 MP4 beside an AVI the browser cannot play, and leaves the original alone', async () => {
    const avi = path.join(work, 'old-camera.avi');
    await writeVideo(avi, { seconds: 2, output: ['-c:v', 'mpeg4', '-f', 'avi'] });
    const outcome = await service.ingestPath(avi, { disputeId: 'D-P', party: 'buyer', channel: 'upload' });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const before = await readFile(service.store.objectPath(outcome.sha256));
    const copies = new PlayableCopies(service);
    const done = await finished(copies, await copies.start(outcome.sha256));
    expect(done).toMatchObject({ status: 'done', progress: 1 });
    const copy = path.join(service.derivedDir(outcome.sha256), playableFileName);
    const { stdout } = await run(ffprobeBinary, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', copy]);
    expect(stdout.trim()).toBe('h264');
    expect((await readFile(service.store.objectPath(outcome.sha256))).equals(before)).toBe(true);
  });

  it('says why when the item is not a video', async () => {
    const photo = path.join(work, 'photo.jpg');
    await writePhoto(photo, { seed: 60 });
    const outcome = await service.ingestPath(photo, { disputeId: 'D-P', party: 'buyer', channel: 'upload' });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const copies = new PlayableCopies(service);
    expect(await finished(copies, await copies.start(outcome.sha256))).toMatchObject({ status: 'failed', message: expect.stringMatching(/Only a video/) });
  });
});
