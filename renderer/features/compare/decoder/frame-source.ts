// One video opened for exact frames: mediabunny reads its sample table through ranged requests
// (decision 0025), frame-index.ts orders it, and `frameAt` decodes with WebCodecs from the nearest
// keyframe, keeping what it decodes in a FrameCache around the playhead.
import { EncodedPacketSink, UnsupportedInputFormatError, VideoSampleSink, type EncodedPacket, type Input, type InputVideoTrack } from 'mediabunny';
import { createLogger } from '../../../../shared/logger';
import { FrameCache } from './frame-cache';
import { buildFrameIndex, decodeRun, type FrameIndex, type TrackSample } from './frame-index';
import { FrameSourceError, isFrameSourceError } from './frame-source-error';
import { letGo } from './let-go';
import { openVideoInput } from './ranged-reader';
import type { SpanReader } from './span-reader';

/** A side longer than this is refused before anything is allocated for it (Chromium's own limit). */
export const maxFrameSide = 16_384;

/**
 * The default budget of decoded frames: about 15 frames of 1080p or 35 of 720p, both sides of the
 * playhead. Steps need only the next few; issue 19 allows the viewer 50 MB of growth in all, and
 * 128 MB grew it by 200 MB over 20 seeks in the viewer-memory bench.
 */
export const defaultCacheBytes = 48 * 2 ** 20;

/** What the source needs from its surroundings; the defaults are the browser's own. */
export interface FrameSourceOptions {
  cacheBytes?: number;
  fetch?: typeof fetch;
  /** Whether a decoder config can be decoded here; defaults to `VideoDecoder.isConfigSupported`. */
  isConfigSupported?: (config: VideoDecoderConfig) => Promise<boolean>;
}

/** What the source knows about the video once it is open. */
export interface VideoTrackFacts {
  /** The WebCodecs codec string, e.g. `avc1.64001f`. */
  codec: string;
  codedWidth: number;
  codedHeight: number;
  /** The container format's name, as mediabunny gives it (e.g. `MP4`, `WebM`). */
  container: string;
  /** Whether the file has a sound track too (the pane plays it beside the pictures). */
  hasAudio: boolean;
}

/** An open video: its frame index and its frames. */
export interface FrameSource {
  readonly index: FrameIndex;
  readonly facts: VideoTrackFacts;
  /**
   * Frame `frameIndex` (presentation order), decoded. The caller owns the frame it gets and closes
   * it; the cache keeps its own. A frame that has to be decoded moves the cache's playhead to it.
   * Rejects with a FrameSourceError.
   */
  frameAt(frameIndex: number): Promise<VideoFrame>;
  /** Whether frame `frameIndex` is decoded and held, so `frameAt` answers it without decoding. */
  has(frameIndex: number): boolean;
  /**
   * Decodes frames `frameIndex` to `through` into the cache in the background, for playback and
   * steps to find them there. It gives way: a `frameAt` asked meanwhile stops it after the sample
   * it is feeding, keeping what it decoded, so a prefetch never delays the frame a reviewer waits for.
   * It never rejects: a frame it cannot decode fails when `frameAt` asks for it.
   */
  prefetch(frameIndex: number, through: number): Promise<void>;
  /**
   * Playback: every frame from `frameIndex` on, in presentation order, decoded as one stream (no
   * restart at each keyframe) by a decoder of its own. The caller closes each frame it gets, and
   * ends the stream with `return()` when playback stops or jumps.
   */
  play(frameIndex: number): AsyncGenerator<{ index: number; frame: VideoFrame }, void, undefined>;
  /** Tells the cache where the reviewer is, so it keeps frames near there. */
  setPlayhead(frameIndex: number): void;
  /** Frees the decoder, every cached frame and the reader; later calls reject with `closed`. */
  close(): void;
}

const log = createLogger('frame-source');

/** Room a run's span keeps beyond its samples' bytes, for the demuxer's reads' padding (64 KiB aligned). */
const spanSlackBytes = 256 * 1024;

/** `openFrameSource`'s answer: a source, or why there is none. */
export type FrameSourceResult = { ok: true; source: FrameSource } | { ok: false; error: FrameSourceError };

async function browserSupport(config: VideoDecoderConfig): Promise<boolean> {
  if (typeof VideoDecoder === 'undefined') return false;
  try {
    return (await VideoDecoder.isConfigSupported(config)).supported === true;
  } catch (error) {
    // A config the browser cannot even parse (an unknown codec string) is refused, not a bug: the
    // pane falls back to <video>, and the log says what the browser answered.
    log.info('the browser refused a decoder config outright', { codec: config.codec, error: String(error) });
    return false;
  }
}

/** Microseconds, as WebCodecs counts time. */
const micros = (seconds: number) => Math.round(seconds * 1e6);

async function readSamples(sink: EncodedPacketSink): Promise<TrackSample[]> {
  const samples: TrackSample[] = [];
  for await (const packet of sink.packets(undefined, undefined, { metadataOnly: true })) {
    samples.push({ timestamp: packet.timestamp, duration: packet.duration, key: packet.type === 'key', bytes: packet.byteLength });
  }
  return samples;
}

async function checkedTrack(input: Input, isConfigSupported: (config: VideoDecoderConfig) => Promise<boolean>) {
  let format;
  try {
    format = await input.getFormat();
  } catch (error) {
    if (error instanceof UnsupportedInputFormatError) throw new FrameSourceError('unsupported_container', {}, { cause: error });
    throw error;
  }
  const track = await input.getPrimaryVideoTrack();
  if (!track) throw new FrameSourceError('no_video_track', {});
  const [codedWidth, codedHeight] = [await track.getCodedWidth(), await track.getCodedHeight()];
  if (!(codedWidth > 0 && codedHeight > 0 && codedWidth <= maxFrameSide && codedHeight <= maxFrameSide)) {
    throw new FrameSourceError('dimensions_too_large', { width: codedWidth, height: codedHeight, limit: maxFrameSide });
  }
  const trackConfig = await track.getDecoderConfig();
  const codecName = (await track.getCodec()) ?? 'unknown';
  if (!trackConfig) throw new FrameSourceError('codec_unsupported', { codec: codecName });
  // A seek waits for its last frame, so the decoder hands each frame out as soon as it is made.
  // Without this, Chromium's software H.264 decoder held frames back: 30 frames of 720p took
  // 500–600 ms to come out of a flush, and 70–95 ms with it.
  const config: VideoDecoderConfig = { ...trackConfig, optimizeForLatency: true };
  if (!(await isConfigSupported(config))) throw new FrameSourceError('codec_unsupported', { codec: codecName, config: config.codec });
  const hasAudio = (await input.getPrimaryAudioTrack()) !== null;
  const facts: VideoTrackFacts = { codec: config.codec, codedWidth, codedHeight, container: format.name, hasAudio };
  return { track, config, facts };
}

/**
 * Reads the track's last sample in decode order: a file cut short (an interrupted copy or download)
 * keeps its sample table at the front and loses the frames at the end, and it is better said when
 * the video opens than when the reviewer reaches the end. One ranged read of one sample.
 */
async function checkLastSample(sink: EncodedPacketSink, index: FrameIndex): Promise<void> {
  const last = index.frames[index.presentationOf[index.presentationOf.length - 1]!]!;
  const packet = await sink.getPacket(last.timestamp);
  if (!packet || packet.data.byteLength < packet.byteLength || micros(packet.timestamp) !== micros(last.timestamp)) {
    throw new FrameSourceError('truncated', { frame: last.index, reason: 'sample_missing' });
  }
}

/** The frame index of each microsecond timestamp, refusing two frames the decoder could not tell apart. */
function byMicros(index: FrameIndex): Map<number, number> {
  const found = new Map<number, number>();
  for (const frame of index.frames) {
    const at = micros(frame.timestamp);
    if (found.has(at)) throw new FrameSourceError('bad_timestamps', { reason: 'duplicate', seconds: frame.timestamp });
    found.set(at, frame.index);
  }
  return found;
}

/**
 * Opens the video at `url` (a media URL from `evidence.describe`) by ranged reads, checks it can be
 * decoded here, and indexes its frames. Bad input is an answer (`ok: false`) with a typed error.
 */
export async function openFrameSource(url: string, options: FrameSourceOptions = {}): Promise<FrameSourceResult> {
  const abort = new AbortController();
  let input: Input | undefined;
  try {
    const opened = await openVideoInput(url, options.fetch ?? fetch, abort.signal);
    input = opened.input;
    const { track, config, facts } = await checkedTrack(input, options.isConfigSupported ?? browserSupport);
    const sink = new EncodedPacketSink(track);
    const index = buildFrameIndex(await readSamples(sink));
    await checkLastSample(sink, index);
    const source = new OpenFrameSource(input, opened.spans, abort, track, sink, config, index, facts, options.cacheBytes ?? defaultCacheBytes);
    return { ok: true, source };
  } catch (error) {
    abort.abort();
    input?.dispose();
    if (isFrameSourceError(error)) return { ok: false, error };
    // mediabunny throws plain Errors on a file it cannot make sense of part-way (a cut box, a
    // sample table pointing past the end); a reviewer's remedy is the same as for a damaged file.
    return { ok: false, error: new FrameSourceError('truncated', { reason: 'unreadable' }, { cause: error }) };
  }
}

class OpenFrameSource implements FrameSource {
  readonly #cache: FrameCache<VideoFrame>;
  readonly #frameOfMicros: Map<number, number>;
  #decoder: VideoDecoder | undefined;
  #decoderError: unknown;
  /** Frames the current run will keep, and the clone of its target. */
  #run: { yields: Set<number>; target: number; result?: VideoFrame } | undefined;
  /** Runs go one at a time: one decoder, fed one keyframe group at a time. */
  #queue: Promise<unknown> = Promise.resolve();
  /** `frameAt` calls waiting in the queue: a prefetch under way gives way to them. */
  #foreground = 0;
  #closed = false;

  constructor(
    readonly input: Input,
    readonly spans: SpanReader,
    readonly abort: AbortController,
    readonly track: InputVideoTrack,
    readonly sink: EncodedPacketSink,
    readonly config: VideoDecoderConfig,
    readonly index: FrameIndex,
    readonly facts: VideoTrackFacts,
    cacheBytes: number,
  ) {
    this.#cache = new FrameCache(cacheBytes);
    this.#frameOfMicros = byMicros(index);
  }

  setPlayhead(frameIndex: number): void {
    this.#cache.setPlayhead(frameIndex);
  }

  has(frameIndex: number): boolean {
    return this.#cache.has(frameIndex);
  }

  frameAt(frameIndex: number): Promise<VideoFrame> {
    if (this.#closed) return Promise.reject(new FrameSourceError('closed', {}));
    const cached = this.#cache.get(frameIndex);
    if (cached) return Promise.resolve(cached.clone());
    try {
      // Checked now, so a bad index is refused at once rather than after the queue.
      decodeRun(this.index, frameIndex);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#foreground += 1;
    const next = this.#queue.then(() => {
      this.#foreground -= 1;
      return this.#decodeRun(frameIndex, frameIndex, false);
    });
    // The caller hears this run's failure; the queue only needs to go on after it.
    this.#queue = letGo(next, 'a frame the reviewer asked for failed to decode');
    return next.then((frame) => frame!);
  }

  prefetch(frameIndex: number, through: number): Promise<void> {
    if (this.#closed || this.#cache.has(frameIndex) || !Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= this.index.frames.length) {
      return Promise.resolve();
    }
    const next = this.#queue.then(() => this.#decodeRun(frameIndex, through, true));
    this.#queue = letGo(next, 'a background decode stopped');
    // A damaged sample met in the background is not the reviewer's problem yet: the frames before
    // it stay in the cache, and the frame that needs it says so when it is asked for (by frameAt,
    // naming that frame). Rejecting here failed the whole pane at once, naming the frame the
    // prefetch started at, while the frame on screen was fine.
    return letGo(
      next.then((frame) => frame?.close()),
      'a background decode stopped',
    );
  }

  async *play(frameIndex: number): AsyncGenerator<{ index: number; frame: VideoFrame }, void, undefined> {
    if (this.#closed) throw new FrameSourceError('closed', {});
    const start = this.index.frames[Math.min(Math.max(0, frameIndex), this.index.frames.length - 1)]!;
    const samples = new VideoSampleSink(this.track).samples(start.timestamp);
    // The last frame handed out, where exact decoding takes over if the stream fails.
    let last: number | undefined;
    let streamFailed = false;
    try {
      for await (const sample of samples) {
        const index = this.#frameOfMicros.get(micros(sample.timestamp));
        if (this.#closed || index === undefined) {
          sample.close();
          if (this.#closed) return;
          continue;
        }
        const frame = sample.toVideoFrame();
        sample.close();
        yield { index, frame };
        last = index;
      }
    } catch (error) {
      if (this.#closed) return;
      if (isFrameSourceError(error)) throw error;
      streamFailed = true;
    } finally {
      await samples.return();
    }
    if (!streamFailed) return;
    // The stream decodes ahead of what it has handed out, so its failure does not say which frame
    // is damaged (naming the frame after the last handed out named one many frames early). The
    // frames from there on are decoded one at a time instead, each from its keyframe: playback goes
    // on up to the damaged frame, and frameAt's decode_failed names that one.
    for (let next = last === undefined ? start.index : last + 1; next < this.index.frames.length; next += 1) {
      if (this.#closed) return;
      let frame: VideoFrame;
      try {
        frame = await this.frameAt(next);
      } catch (error) {
        if (this.#closed || (isFrameSourceError(error) && error.code === 'closed')) return;
        throw error;
      }
      yield { index: next, frame };
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.abort.abort();
    // A run under way sees the closed decoder fail, and closes its own frames as it ends.
    if (this.#decoder && this.#decoder.state !== 'closed') this.#decoder.close();
    this.#cache.clear();
    this.input.dispose();
  }

  #decoderReady(): VideoDecoder {
    if (this.#decoder && this.#decoder.state === 'configured') return this.#decoder;
    this.#decoderError = undefined;
    const decoder = new VideoDecoder({
      output: (frame) => this.#output(frame),
      error: (error) => {
        this.#decoderError = error;
      },
    });
    decoder.configure(this.config);
    this.#decoder = decoder;
    return decoder;
  }

  #output(frame: VideoFrame): void {
    const frameIndex = this.#frameOfMicros.get(frame.timestamp);
    const run = this.#run;
    if (this.#closed || !run || frameIndex === undefined || !run.yields.has(frameIndex)) {
      frame.close();
      return;
    }
    if (frameIndex === run.target && !run.result) run.result = frame.clone();
    this.#cache.put(frameIndex, frame);
  }

  /** Decodes `target` (and on to `through`); a `background` run answers null, and stops early when a `frameAt` waits. */
  async #decodeRun(target: number, through: number, background: boolean): Promise<VideoFrame | null> {
    if (this.#closed) throw new FrameSourceError('closed', {});
    // Another run may have decoded it while this one waited.
    const cached = this.#cache.get(target);
    if (cached) return background ? null : cached.clone();
    if (background && this.#foreground > 0) return null;
    const run = decodeRun(this.index, target, through);
    // A prefetch fills the cache around the playhead; it does not move it.
    if (!background) this.#cache.setPlayhead(target);
    this.#run = { yields: new Set(run.yields), target };
    try {
      const decoder = this.#decoderReady();
      // One request for the run's bytes: its samples, a little of what lies between them (another
      // track's), and the reads' padding either side.
      this.spans.expect(run.bytes * 1.05 + spanSlackBytes);
      let packet: EncodedPacket | null = await this.sink.getPacket(this.index.frames[run.keyframe]!.timestamp);
      for (let at = run.firstDecode; at <= run.lastDecode; at += 1) {
        const expected = this.index.frames[this.index.presentationOf[at]!]!;
        if (!packet || micros(packet.timestamp) !== micros(expected.timestamp)) {
          throw new FrameSourceError('truncated', { frame: expected.index, reason: 'sample_missing' });
        }
        if (this.#closed) throw new FrameSourceError('closed', {});
        // What has been fed still comes out at the flush below, into the cache.
        if (background && this.#foreground > 0) break;
        decoder.decode(new EncodedVideoChunk({ type: packet.type, timestamp: micros(packet.timestamp), duration: micros(packet.duration), data: packet.data }));
        if (at < run.lastDecode) packet = await this.sink.getNextPacket(packet);
      }
      await decoder.flush();
      if (background) return null;
      const result = this.#run.result;
      if (!result) throw new FrameSourceError('decode_failed', { frame: target });
      this.#run.result = undefined;
      return result;
    } catch (error) {
      // A run that stopped part-way may have left chunks in the decoder; the next starts clean.
      if (this.#decoder && this.#decoder.state !== 'closed') this.#decoder.close();
      this.#decoder = undefined;
      if (this.#closed) throw new FrameSourceError('closed', {}, { cause: error });
      if (isFrameSourceError(error)) throw error;
      throw new FrameSourceError('decode_failed', { frame: target }, { cause: this.#decoderError ?? error });
    } finally {
      this.#run.result?.close();
      this.#run = undefined;
    }
  }
}
