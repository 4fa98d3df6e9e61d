// Opening real files with the WebCodecs player's frame source under Node: mediabunny's demuxing,
// the ranged reads and the frame index, against videos ffmpeg makes. Node has no VideoDecoder, so
// the codec check is the one thing stood in for (a predicate like Chromium's: H.264, VP9 and AV1
// yes, HEVC no); decoding itself is proved in Chromium by test/e2e/frame-source.spec.ts.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFrameSide, openFrameSource, type FrameSourceResult } from '../../renderer/features/compare/decoder/frame-source';
import { forgeSampleEntrySize, vfrTime, writeAudioOnly, writeDecoderVideo } from '../support/decoder-media';
import { truncateCopy } from '../support/media';
import { fileFetch } from '../support/file-fetch';
import { ffmpegFound, writeFrameVideo } from '../support/frame-video';

const likeChromium = async (config: VideoDecoderConfig) => /^(avc1|vp09|av01)\./.test(config.codec);

let folder: string;
const opened: FrameSourceResult[] = [];

async function openFile(name: string, reads = fileFetch(path.join(folder, name))): Promise<FrameSourceResult> {
  const result = await openFrameSource('http://127.0.0.1/media/test', { fetch: reads.fetch, isConfigSupported: likeChromium });
  opened.push(result);
  return result;
}

function errorCode(result: FrameSourceResult): string {
  return result.ok ? 'opened' : result.error.code;
}

describe.skipIf(!ffmpegFound)('frame source: opening files (Node, no decoding)', () => {
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'frame-source-'));
    await writeDecoderVideo(path.join(folder, 'bframes.mp4'), 'h264-bframes', 60);
    // 10 s padded to about 20 MB, so mediabunny's read-ahead (64 KiB steps, doubling) is small beside it.
    await writeFrameVideo(path.join(folder, 'long.mp4'), { frames: 300, fps: 30, gop: 30, constantBitrate: 16_000_000 });
    await writeDecoderVideo(path.join(folder, 'vfr.mp4'), 'h264-vfr', 40);
    await writeDecoderVideo(path.join(folder, 'vp9.webm'), 'vp9-webm', 30);
    await writeDecoderVideo(path.join(folder, 'hevc.mp4'), 'hevc', 12);
    await writeAudioOnly(path.join(folder, 'audio.mp4'));
    await writeDecoderVideo(path.join(folder, 'huge.mp4'), 'h264-bframes', 12);
    await forgeSampleEntrySize(path.join(folder, 'huge.mp4'), 40_000, 40_000);
    await truncateCopy(path.join(folder, 'bframes.mp4'), path.join(folder, 'cut.mp4'), 0.6);
    await writeFile(path.join(folder, 'notes.txt'), 'not a video at all\n'.repeat(100));
    await writeFile(path.join(folder, 'empty.mp4'), '');
  }, 120_000);

  afterAll(async () => {
    for (const result of opened) if (result.ok) result.source.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('indexes an H.264 MP4 with B-frames: every frame, presentation order, decode order apart', async () => {
    const result = await openFile('bframes.mp4');
    if (!result.ok) throw result.error;
    const { frames } = result.source.index;
    expect(frames).toHaveLength(60);
    expect(result.source.facts).toMatchObject({ codedWidth: 320, codedHeight: 180 });
    expect(result.source.facts.codec).toMatch(/^avc1\./);
    frames.forEach((frame, n) => expect(frame.timestamp).toBeCloseTo(n / 30 + frames[0]!.timestamp, 6));
    expect(frames.filter((frame) => frame.key).map((frame) => frame.index)).toEqual([0, 12, 24, 36, 48]);
    expect(frames.some((frame) => frame.decodeIndex !== frame.index)).toBe(true);
  });

  it('indexes a variable-frame-rate MP4 with the container times, frame by frame', async () => {
    const result = await openFile('vfr.mp4');
    if (!result.ok) throw result.error;
    const times = result.source.index.frames.map((frame) => frame.timestamp);
    expect(times).toHaveLength(40);
    times.forEach((time, n) => expect(time).toBeCloseTo(vfrTime(n), 6));
  });

  it('indexes a VP9 WebM', async () => {
    const result = await openFile('vp9.webm');
    if (!result.ok) throw result.error;
    expect(result.source.facts.codec).toMatch(/^vp09\./);
    expect(result.source.index.frames).toHaveLength(30);
    expect(result.source.index.frames[0]!.key).toBe(true);
  });

  it('reads by ranges only: opening a 20 MB video reads its sample table, not its frames', async () => {
    const reads = fileFetch(path.join(folder, 'long.mp4'));
    const result = await openFile('long.mp4', reads);
    if (!result.ok) throw result.error;
    expect(result.source.index.frames).toHaveLength(300);
    expect(reads.asked.length).toBeGreaterThan(0);
    expect(reads.asked.filter((range) => !/^bytes=\d+-\d*$/.test(range))).toEqual([]);
    const { size } = await stat(path.join(folder, 'long.mp4'));
    expect(reads.delivered()).toBeLessThan(size / 4);
  });

  it('reads on from where a short answer stopped (a download still arriving answers with the part it has)', async () => {
    const reads = fileFetch(path.join(folder, 'long.mp4'), { cap: 32 * 1024 });
    const result = await openFile('long.mp4', reads);
    if (!result.ok) throw result.error;
    expect(result.source.index.frames).toHaveLength(300);
    // Reading the sample table and the last sample took more than one piece: some request asked on
    // exactly where an earlier answer stopped.
    const starts = reads.asked.map((range) => Number(/^bytes=(\d+)-/.exec(range)?.[1]));
    expect(starts.some((start) => start > 0 && starts.includes(start - 32 * 1024))).toBe(true);
  });

  it('refuses bad input with a code for each', async () => {
    expect(errorCode(await openFile('hevc.mp4'))).toBe('codec_unsupported');
    expect(errorCode(await openFile('audio.mp4'))).toBe('no_video_track');
    const huge = await openFile('huge.mp4');
    expect(errorCode(huge)).toBe('dimensions_too_large');
    if (!huge.ok) expect(huge.error.params).toMatchObject({ width: 40_000, height: 40_000, limit: maxFrameSide });
    expect(errorCode(await openFile('cut.mp4'))).toBe('truncated');
    expect(errorCode(await openFile('notes.txt'))).toBe('unsupported_container');
    expect(errorCode(await openFile('empty.mp4'))).toBe('truncated');
  });

  it('says which errors a playable copy helps with', async () => {
    const hevc = await openFile('hevc.mp4');
    const cut = await openFile('cut.mp4');
    expect(!hevc.ok && hevc.error.offerPlayableCopy).toBe(true);
    expect(!cut.ok && cut.error.offerPlayableCopy).toBe(false);
  });
});
