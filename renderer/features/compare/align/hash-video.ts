// The perceptual hashes of a window of a video's frames, decoded in order. The video is opened by
// the frame source (decoder/frame-source.ts), so "Suggest offset" refuses exactly the files the
// player refuses, with the same codes, and numbers frames the same way: a frame is its sample,
// counted in presentation order. The frames are then decoded with mediabunny's VideoSampleSink,
// which feeds one decoder straight through the window; FrameSource.frameAt would restart at the
// keyframe for every frame.
import { VideoSampleSink, type Input, type VideoSample } from 'mediabunny';
import { gray32Side, perceptualHashOfGray32 } from '../../../../shared/media/perceptual-hash';
import type { FrameIndex } from '../decoder/frame-index';
import { openFrameSource } from '../decoder/frame-source';
import { FrameSourceError, isFrameSourceError } from '../decoder/frame-source-error';
import { openVideoInput } from '../decoder/ranged-reader';
import { areaGray32, grayOfRgba, lumaPlaneFormats, lumaWeightsOf } from './gray32';
import type { FrameWindow } from './hash-window';

/** Microseconds, as WebCodecs counts time and as the frame source matches frames to samples. */
const micros = (seconds: number) => Math.round(seconds * 1e6);

/** What hashing needs from its surroundings; the defaults are the browser's own. */
export interface HashVideoOptions {
  signal?: AbortSignal;
  /** Called after each frame hashed, with how many frames of the window are done. */
  onFrame?: (done: number) => void;
  fetch?: typeof fetch;
  /**
   * How frames become gray (gray32.ts): `auto` reads the luma plane where the frame has one and
   * draws the rest; `canvas` draws every frame, so a test can measure the path hardware-decoded
   * frames may take.
   */
  grayFrom?: 'auto' | 'canvas';
}

/** A window of a video's frames as hashes: `hashes[k]` is frame `startFrame + k`. */
export interface VideoHashes {
  startFrame: number;
  hashes: string[];
}

/** `indexVideo`'s answer: the video's frames in presentation order, or why it cannot be read. */
export type IndexedVideo = { ok: true; index: FrameIndex } | { ok: false; error: FrameSourceError };

/**
 * Opens the video at `url` as the player does (every check of `openFrameSource`) and keeps only
 * its frame index: which frame is which, to choose the window and number the hashes. The source's
 * decoder and cache are let go at once; hashing decodes in order with its own.
 */
export async function indexVideo(url: string, options: Pick<HashVideoOptions, 'fetch'> = {}): Promise<IndexedVideo> {
  const opened = await openFrameSource(url, { fetch: options.fetch });
  if (!opened.ok) return opened;
  const { index } = opened.source;
  opened.source.close();
  return { ok: true, index };
}

/**
 * The hashes of the frames in `window` of the video at `url`, whose frames `index` lists (from
 * `indexVideo`). Rejects with a FrameSourceError: `closed` when `signal` aborts, `decode_failed`
 * when the decoder skips a frame the container lists (the hashes must stay one per frame, or the
 * offsets would be counted wrong), or what reading the file met.
 */
export async function hashVideoWindow(url: string, index: FrameIndex, window: FrameWindow, options: HashVideoOptions = {}): Promise<VideoHashes> {
  const { signal } = options;
  const abort = new AbortController();
  const stop = () => abort.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let input: Input | undefined;
  const hashes: string[] = [];
  const next = () => window.startFrame + hashes.length;
  try {
    if (signal?.aborted) throw new FrameSourceError('closed', {});
    input = (await openVideoInput(url, options.fetch ?? fetch, abort.signal)).input;
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new FrameSourceError('no_video_track', {});
    const end = window.startFrame + window.frames;
    // The window's frames only: an hours-long video lists hundreds of thousands.
    const frameOfMicros = new Map(index.frames.slice(window.startFrame, end).map((frame) => [micros(frame.timestamp), frame.index]));
    const after = index.frames[end];
    const hasher = new FrameHasher(options.grayFrom ?? 'auto');
    const samples = new VideoSampleSink(track).samples(index.frames[window.startFrame]!.timestamp, after ? after.timestamp : Number.POSITIVE_INFINITY);
    for await (const sample of samples) {
      try {
        if (abort.signal.aborted) throw new FrameSourceError('closed', {});
        const frame = frameOfMicros.get(micros(sample.timestamp));
        // A picture outside the window (the decoder's run-in from the keyframe) is not ours.
        if (frame === undefined || frame < next()) continue;
        if (frame > next()) throw new FrameSourceError('decode_failed', { frame: next() });
        hashes.push(await hasher.hash(sample));
        options.onFrame?.(hashes.length);
      } finally {
        sample.close();
      }
      if (next() >= end) break;
    }
    if (abort.signal.aborted) throw new FrameSourceError('closed', {});
    if (next() < end) throw new FrameSourceError('decode_failed', { frame: next() });
    return { startFrame: window.startFrame, hashes };
  } catch (error) {
    if (abort.signal.aborted) throw new FrameSourceError('closed', {}, { cause: error });
    if (isFrameSourceError(error)) throw error;
    // mediabunny and the decoder throw plain Errors; the frame where they stopped is the fact.
    throw new FrameSourceError('decode_failed', { frame: next() }, { cause: error });
  } finally {
    signal?.removeEventListener('abort', stop);
    abort.abort();
    input?.dispose();
  }
}

/** Hashes frames one after another, keeping its buffer and canvas between them. */
class FrameHasher {
  #buffer = new Uint8Array(0);
  #context: OffscreenCanvasRenderingContext2D | undefined;

  constructor(readonly grayFrom: 'auto' | 'canvas') {}

  async hash(sample: VideoSample): Promise<string> {
    const { format } = sample;
    // copyTo gives the stored picture, before rotation or flip; the desk's ffmpeg hashes it upright.
    if (this.grayFrom === 'auto' && format && lumaPlaneFormats.has(format) && sample.rotation === 0 && !sample.flip) {
      const size = sample.allocationSize();
      if (this.#buffer.length < size) this.#buffer = new Uint8Array(size);
      const [luma] = await sample.copyTo(this.#buffer);
      const { width, height } = sample.visibleRect;
      return perceptualHashOfGray32(areaGray32({ data: this.#buffer, offset: luma!.offset, stride: luma!.stride, width, height }));
    }
    const context = this.#canvas();
    // The whole picture stretched to the square, as the evidence checks' ffmpeg scale does.
    sample.draw(context, 0, 0, gray32Side, gray32Side);
    const rgba = context.getImageData(0, 0, gray32Side, gray32Side).data;
    return perceptualHashOfGray32(grayOfRgba(rgba, lumaWeightsOf(sample.colorSpace.matrix)));
  }

  #canvas(): OffscreenCanvasRenderingContext2D {
    if (this.#context) return this.#context;
    const context = new OffscreenCanvas(gray32Side, gray32Side).getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D context for an OffscreenCanvas');
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    this.#context = context;
    return context;
  }
}
