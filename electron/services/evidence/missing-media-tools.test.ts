// A computer where ffmpeg or ffprobe cannot be used: the features that need them say so on the
// evidence (an `incomplete_analysis` flag with the reason) and everything else still works.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaTools } from '../../../shared/contract/media-tools';
import { setLogSink } from '../../../shared/logger';
import { writePhoto, writeVideo } from '../../../test/support/media';
import { resolveMediaTools } from '../media-tools';
import { EvidenceService, type IngestContext } from './evidence-service';
import { PlayableCopies } from './playable-copy';

const buyer: IngestContext = { disputeId: 'D-1', party: 'buyer', channel: 'upload' };
let work: string;
let quiet: ReturnType<typeof setLogSink>;
let none: MediaTools;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-no-tools-'));
  quiet = setLogSink(() => {});
  // Real resolution, with nothing bundled and an empty PATH: the reasons are the ones a user sees.
  const blocked = path.join(work, 'ffmpeg');
  await writeFile(blocked, '#!/bin/sh\n', { mode: 0o644 });
  none = await resolveMediaTools({ bundled: { ffmpeg: blocked, ffprobe: null }, searchPath: '' });
});
afterAll(async () => {
  setLogSink(quiet);
  await rm(work, { recursive: true, force: true });
});

describe('without ffmpeg and ffprobe', { timeout: 60_000 }, () => {
  it('reads an MP4 with mp4box, makes no poster or frame hashes, and flags both gaps with their reasons', async () => {
    const service = await EvidenceService.open(path.join(work, 'store-1'), { mediaTools: none });
    try {
      const file = path.join(work, 'unboxing.mp4');
      await writeVideo(file, { seconds: 2 });
      const outcome = await service.ingestPath(file, buyer);
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.flags).toEqual([
        { code: 'incomplete_analysis', reason: expect.stringMatching(/ffprobe cannot be used on this computer \(No ffprobe comes with the app/), details: { tool: 'ffprobe', cause: 'not_found' } },
        { code: 'incomplete_analysis', reason: expect.stringMatching(/ffmpeg cannot be used.*may not be run.*no poster/), details: { tool: 'ffmpeg', cause: 'not_executable' } },
      ]);
      const analysis = service.index.object(outcome.sha256)?.analysis;
      expect(analysis?.video).toMatchObject({ width: 320, height: 240, readBy: 'mp4box' });
      expect(analysis?.video?.durationSeconds).toBeCloseTo(2, 0);
      expect(analysis).toMatchObject({ poster: false, perceptualHashes: [] });

      const copies = new PlayableCopies(service);
      const taskId = await copies.start(outcome.sha256);
      expect(copies.progress(taskId)).toMatchObject({ status: 'failed', message: expect.stringMatching(/needs ffmpeg.*Settings → Media tools/) });

      // Photos need neither tool.
      const photo = path.join(work, 'label.jpg');
      await writePhoto(photo, { seed: 5 });
      const photoOutcome = await service.ingestPath(photo, buyer);
      expect(photoOutcome).toMatchObject({ ok: true, kind: 'photo', flags: [] });
    } finally {
      service.close();
    }
  });

  it('does not call a video mp4box cannot read unreadable: only this computer could not read it', async () => {
    const service = await EvidenceService.open(path.join(work, 'store-2'), { mediaTools: none });
    try {
      const file = path.join(work, 'clip.webm');
      await writeVideo(file, { seconds: 1, output: ['-c:v', 'libvpx', '-f', 'webm'] });
      const outcome = await service.ingestPath(file, buyer);
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.flags.map((flag) => flag.code)).toEqual(['incomplete_analysis', 'incomplete_analysis']);
      expect(service.index.object(outcome.sha256)?.analysis.video).toBeNull();
    } finally {
      service.close();
    }
  });
});
