// frameAt's bookkeeping under Node, on a real B-frame MP4 demuxed by mediabunny, with a stand-in
// VideoDecoder that behaves as WebCodecs does where it matters here: it refuses a delta chunk first
// after configure or flush, holds frames until flush, and emits them in presentation order. Whether
// the picture is the right one is proved in Chromium (test/e2e/frame-source.spec.ts).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeRun } from '../../renderer/features/compare/decoder/frame-index';
import { openFrameSource, type FrameSource } from '../../renderer/features/compare/decoder/frame-source';
import { FrameSourceError } from '../../renderer/features/compare/decoder/frame-source-error';
import { writeDecoderVideo } from '../support/decoder-media';
import { fileFetch } from '../support/file-fetch';
import { ffmpegFound, writeFrameVideo } from '../support/frame-video';
import { codeOf } from '../../renderer/features/compare/decoder/test-fixtures';

/** Every frame any fake decoder made, clones included, to check each is closed exactly once. */
const allFrames: FakeFrame[] = [];
/** Timestamps (µs) fed to the decoders, in order, with their chunk type. */
const fed: { timestamp: number; type: string }[] = [];
/** A timestamp the next decoder fails on, as a damaged sample would. */
let failOn: number | undefined;

class FakeFrame {
  closes = 0;
  readonly codedWidth = 320;
  readonly codedHeight = 180;
  constructor(readonly timestamp: number) {
    allFrames.push(this);
  }
  clone(): FakeFrame {
    if (this.closes > 0) throw new Error('clone of a closed frame');
    return new FakeFrame(this.timestamp);
  }
  close(): void {
    this.closes += 1;
  }
}

class FakeChunk {
  readonly type: string;
  readonly timestamp: number;
  constructor(init: { type: string; timestamp: number; data: Uint8Array }) {
    this.type = init.type;
    this.timestamp = init.timestamp;
    if (init.data.byteLength === 0) throw new Error('a chunk without data');
  }
}

class FakeDecoder {
  state: 'unconfigured' | 'configured' | 'closed' = 'unconfigured';
  #held: number[] = [];
  #needsKey = true;
  constructor(readonly init: { output: (frame: FakeFrame) => void; error: (error: Error) => void }) {}
  configure(): void {
    this.state = 'configured';
    this.#needsKey = true;
  }
  decode(chunk: FakeChunk): void {
    if (this.state !== 'configured') throw new Error('decode on a decoder that is not configured');
    fed.push({ timestamp: chunk.timestamp, type: chunk.type });
    if ((this.#needsKey && chunk.type !== 'key') || chunk.timestamp === failOn) {
      this.state = 'closed';
      this.init.error(new Error(chunk.type !== 'key' && this.#needsKey ? 'A key frame is required' : 'Decoding error'));
      return;
    }
    this.#needsKey = false;
    this.#held.push(chunk.timestamp);
  }
  async flush(): Promise<void> {
    if (this.state !== 'configured') throw new Error('flush on a closed decoder');
    for (const timestamp of this.#held.sort((a, b) => a - b)) this.init.output(new FakeFrame(timestamp));
    this.#held = [];
    this.#needsKey = true;
  }
  close(): void {
    this.state = 'closed';
  }
}

const micros = (seconds: number) => Math.round(seconds * 1e6);

let folder: string;

async function openVideo(name: string, reads = fileFetch(path.join(folder, name)), cacheBytes?: number): Promise<FrameSource> {
  const result = await openFrameSource('http://127.0.0.1/media/test', { fetch: reads.fetch, isConfigSupported: async () => true, cacheBytes });
  if (!result.ok) throw result.error;
  return result.source;
}


describe.skipIf(!ffmpegFound)('frame source: frameAt with a stand-in decoder', () => {
  beforeAll(async () => {
    vi.stubGlobal('VideoDecoder', FakeDecoder);
    vi.stubGlobal('EncodedVideoChunk', FakeChunk);
    folder = await mkdtemp(path.join(os.tmpdir(), 'frame-source-decode-'));
    await writeDecoderVideo(path.join(folder, 'bframes.mp4'), 'h264-bframes', 60);
    await writeFrameVideo(path.join(folder, 'long.mp4'), { frames: 300, fps: 30, gop: 30, constantBitrate: 16_000_000 });
  }, 120_000);

  afterEach(() => {
    fed.length = 0;
    allFrames.length = 0;
    failOn = undefined;
  });

  afterAll(async () => {
    vi.unstubAllGlobals();
    await rm(folder, { recursive: true, force: true });
  });

  it('returns each frame asked for, feeding decode order from its keyframe, in any order of asking', async () => {
    const source = await openVideo('bframes.mp4');
    const { index } = source;
    for (const frame of [37, 2, 59, 0, 13, 12, 11, 48, 25]) {
      fed.length = 0;
      source.setPlayhead(frame);
      const cachedBefore = allFrames.filter((made) => made.closes === 0).length;
      const got = (await source.frameAt(frame)) as unknown as FakeFrame;
      expect(got.timestamp).toBe(micros(index.frames[frame]!.timestamp));
      if (fed.length > 0) {
        const run = decodeRun(index, frame);
        const expected = [];
        for (let at = run.firstDecode; at <= run.lastDecode; at += 1) expected.push(micros(index.frames[index.presentationOf[at]!]!.timestamp));
        expect(fed.map((chunk) => chunk.timestamp)).toEqual(expected);
        expect(fed[0]!.type).toBe('key');
      } else {
        expect(allFrames.filter((made) => made.closes === 0).length).toBe(cachedBefore + 1);
      }
      got.close();
    }
    source.close();
    expect(allFrames.filter((made) => made.closes !== 1).map((made) => [made.timestamp, made.closes])).toEqual([]);
  });

  it('serves a frame its run already decoded from the cache, without decoding again', async () => {
    const source = await openVideo('bframes.mp4');
    const first = await source.frameAt(14);
    const fedForFirst = fed.length;
    expect(fedForFirst).toBeGreaterThan(0);
    // With B-frames, which neighbours come out of frame 14's run depends on the decode order.
    const other = decodeRun(source.index, 14).yields.find((frame) => frame !== 14)!;
    expect(other).toBeDefined();
    const neighbour = await source.frameAt(other);
    expect(fed.length).toBe(fedForFirst);
    expect((neighbour as unknown as FakeFrame).timestamp).toBe(micros(source.index.frames[other]!.timestamp));
    first.close();
    neighbour.close();
    source.close();
    expect(allFrames.every((made) => made.closes === 1)).toBe(true);
  });

  it('answers frames asked for at once, each the right one', async () => {
    const source = await openVideo('bframes.mp4');
    const asked = [50, 3, 27, 3, 41];
    const got = (await Promise.all(asked.map((frame) => source.frameAt(frame)))) as unknown as FakeFrame[];
    expect(got.map((frame) => frame.timestamp)).toEqual(asked.map((frame) => micros(source.index.frames[frame]!.timestamp)));
    got.forEach((frame) => frame.close());
    source.close();
    expect(allFrames.every((made) => made.closes === 1)).toBe(true);
  });

  it('keeps within its budget: an 8-frame budget holds at most 8 open frames', async () => {
    const frameBytes = 320 * 180 * 1.5;
    const source = await openVideo('bframes.mp4', undefined, frameBytes * 8);
    for (let frame = 0; frame < 60; frame += 7) {
      source.setPlayhead(frame);
      (await source.frameAt(frame)).close();
      expect(allFrames.filter((made) => made.closes === 0).length).toBeLessThanOrEqual(8);
    }
    source.close();
    expect(allFrames.every((made) => made.closes === 1)).toBe(true);
  });

  it('says decode_failed when the decoder fails, and decodes again on the next call', async () => {
    const source = await openVideo('bframes.mp4');
    failOn = micros(source.index.frames[24]!.timestamp);
    expect(await codeOf(source.frameAt(25))).toBe('decode_failed');
    failOn = undefined;
    const got = (await source.frameAt(25)) as unknown as FakeFrame;
    expect(got.timestamp).toBe(micros(source.index.frames[25]!.timestamp));
    got.close();
    source.close();
    expect(await codeOf(source.frameAt(1))).toBe('closed');
    expect(await codeOf(source.frameAt(99))).toBe('closed');
    expect(allFrames.every((made) => made.closes === 1)).toBe(true);
  });

  it('a prefetch that meets a damaged sample resolves; the frame that needs the sample says decode_failed when asked for, naming itself', async () => {
    const source = await openVideo('bframes.mp4');
    const damaged = source.index.frames[24]!;
    failOn = micros(damaged.timestamp);
    await expect(source.prefetch(20, 30)).resolves.toBeUndefined();
    const failed = await source.frameAt(damaged.index).then(
      () => undefined,
      (error: unknown) => error as FrameSourceError,
    );
    expect(failed?.code).toBe('decode_failed');
    expect(failed?.params.frame).toBe(damaged.index);
    // Frames whose runs do not feed the damaged sample still come.
    const early = (await source.frameAt(2)) as unknown as FakeFrame;
    expect(early.timestamp).toBe(micros(source.index.frames[2]!.timestamp));
    early.close();
    failOn = undefined;
    source.close();
    expect(allFrames.every((made) => made.closes === 1)).toBe(true);
  });

  it('closed while a frame is on its way: the caller hears closed, and no frame is left open', async () => {
    const source = await openVideo('bframes.mp4');
    (await source.frameAt(5)).close();
    const pending = source.frameAt(40);
    source.close();
    expect(await codeOf(pending)).toBe('closed');
    expect(allFrames.filter((made) => made.closes !== 1).map((made) => [made.timestamp, made.closes])).toEqual([]);
  });

  it('refuses a frame the video does not have', async () => {
    const source = await openVideo('bframes.mp4');
    expect(await codeOf(source.frameAt(60))).toBe('frame_out_of_range');
    source.close();
  });

  it('reads a fraction of a 20 MB file for a seek, not the file', async () => {
    const reads = fileFetch(path.join(folder, 'long.mp4'));
    const source = await openVideo('long.mp4', reads);
    const opening = reads.delivered();
    (await source.frameAt(250)).close();
    const { size } = await stat(path.join(folder, 'long.mp4'));
    expect(reads.delivered()).toBeGreaterThan(opening);
    expect(reads.delivered()).toBeLessThan(size / 3);
    source.close();
  });
});
