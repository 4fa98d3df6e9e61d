// A video pane drawn by the viewer itself: frames come from a WebCodecs FrameSource (decoder/) and
// are painted on the pane's canvas. Asked for frames faster than it can show them (a held key, a
// drag, playback), it shows the newest one asked for and skips the rest. The frame asked for is
// decoded alone, from its keyframe, so a seek paints as soon as it can; then the frames either side
// are decoded in the background (giving way to the next request), so steps and playback are served
// from the cache.
import { createLogger } from '../../../shared/logger';
import { defaultCacheBytes, type FrameSource } from './decoder/frame-source';
import { FrameSourceError, isFrameSourceError } from './decoder/frame-source-error';
import { framePixels } from './decoder/frame-pixels';
import { meanFrameRate } from './decoder/frame-clock';
import type { FrameIndex } from './decoder/frame-index';

const log = createLogger('decoded-video');

/** Someone waiting for a frame to show. */
interface Waiter {
  frame: number;
  resolve: () => void;
}

/** A playback stream: where it started, how far it has decoded, and the frame the clock wants. */
interface Playback {
  first: number;
  latest: number;
  target: number;
  stopped: boolean;
  wake?: () => void;
}

/** While playing, a frame this late (ms since the last one drawn) is drawn anyway, so a slow decode still shows movement. */
const drawLateAfterMs = 100;

/**
 * A playing stream this far behind the clock (seconds) starts again where the clock is: a seek
 * while playing, or a decoder that cannot keep up. Below it, the stream catches up by dropping
 * frames, which costs less than starting again at a keyframe on a loaded machine.
 */
const restartBehindSeconds = 3;

/** At most this many frames are decoded ahead of the one shown. */
const maxAhead = 30;

export class DecodedVideo {
  readonly index: FrameIndex;
  /** Frames one decode run fills ahead of the frame asked for: as many as half the cache holds, up to `maxAhead`. */
  readonly ahead: number;
  #shown: number | undefined;
  #wanted: number | undefined;
  #drawing = false;
  #waiters: Waiter[] = [];
  #prefetching = false;
  #playback: Playback | undefined;
  #lastPaint = 0;
  /** The pane's pixel buffer, reused frame after frame. */
  #pixels: ImageData | undefined;
  /** How far past its decoding the clock may be before a playback stream starts again there. */
  readonly #jumpFrames: number;
  #closed = false;
  readonly #drawnListeners = new Set<(frame: number) => void>();

  constructor(
    private readonly source: FrameSource,
    private readonly canvas: HTMLCanvasElement,
    /** Called once when a frame cannot be shown; the pane then says why. */
    private readonly onProblem: (error: FrameSourceError) => void,
  ) {
    this.index = source.index;
    const frameBytes = Math.max(1, source.facts.codedWidth * source.facts.codedHeight * 1.5);
    this.ahead = Math.max(1, Math.min(maxAhead, Math.floor(defaultCacheBytes / frameBytes / 2)));
    this.#jumpFrames = Math.max(this.ahead * 2, Math.round(meanFrameRate(this.index) * restartBehindSeconds));
  }

  /** The frame on the canvas, once one is. */
  get shown(): number | undefined {
    return this.#shown;
  }

  /** Calls `listener` with each frame drawn; answers the function that stops it. */
  onDrawn(listener: (frame: number) => void): () => void {
    this.#drawnListeners.add(listener);
    return () => this.#drawnListeners.delete(listener);
  }

  /**
   * Shows frame `frame`. Resolves once it is on the canvas, or once a later call has replaced it,
   * or the pane has failed or closed: the caller waits for the screen to settle, never forever.
   */
  show(frame: number): Promise<void> {
    const last = this.index.frames.length - 1;
    const target = Math.min(Math.max(0, Math.round(frame)), last);
    if (this.#closed) return Promise.resolve();
    this.stopPlaying();
    if (target === this.#shown && !this.#drawing) return Promise.resolve();
    this.#wanted = target;
    this.source.setPlayhead(target);
    const drawn = new Promise<void>((resolve) => this.#waiters.push({ frame: target, resolve }));
    if (!this.#drawing) void this.#drawLoop();
    return drawn;
  }

  /**
   * Decodes, in the background, what the reviewer is likely to want after frame `frame`: the next
   * frames once fewer than half of `ahead` are ready, and the frame before when it is not held (a
   * step back past a keyframe). One prefetch at a time; each gives way to a frame being waited for.
   */
  prefetch(frame: number): void {
    const count = this.index.frames.length;
    if (this.#closed || this.#prefetching) return;
    const half = Math.ceil(this.ahead / 2);
    let from: number | undefined;
    let through = 0;
    for (let next = frame + 1; next <= Math.min(count - 1, frame + half); next += 1) {
      if (!this.source.has(next)) {
        from = next;
        through = Math.min(count - 1, next + this.ahead);
        break;
      }
    }
    if (from === undefined && frame > 0 && !this.source.has(frame - 1)) from = through = frame - 1;
    if (from === undefined) return;
    this.#prefetching = true;
    // A prefetch never rejects: a damaged frame is reported by the frameAt that reaches it.
    void this.source.prefetch(from, through).finally(() => {
      this.#prefetching = false;
    });
  }

  /**
   * Playing: draws frame `frame` when the stream reaches it. A stream is started at the first call,
   * and started again when the clock jumps back before it or well past what it has decoded (3 s or
   * twice `ahead`: a seek while playing, or a decoder that cannot keep up): a stream decodes each
   * frame once, where showing frame after frame would start again at the keyframe each time.
   */
  playTo(frame: number): void {
    if (this.#closed) return;
    const target = Math.min(Math.max(0, frame), this.index.frames.length - 1);
    this.source.setPlayhead(target);
    const current = this.#playback;
    if (!current || current.stopped || target < current.first || target > current.latest + this.#jumpFrames) {
      this.stopPlaying();
      const playback: Playback = { first: target, latest: target - 1, target, stopped: false };
      this.#playback = playback;
      void this.#pump(playback);
      return;
    }
    current.target = target;
    current.wake?.();
  }

  /** Ends the playback stream; the next `show` puts the exact frame on screen. */
  stopPlaying(): void {
    const playback = this.#playback;
    if (!playback) return;
    playback.stopped = true;
    playback.wake?.();
    this.#playback = undefined;
  }

  async #pump(playback: Playback): Promise<void> {
    try {
      for await (const { index, frame } of this.source.play(playback.first)) {
        playback.latest = index;
        // Early: wait for the clock.
        while (!playback.stopped && index > playback.target) await new Promise<void>((resolve) => (playback.wake = resolve));
        playback.wake = undefined;
        try {
          if (playback.stopped || this.#closed) break;
          const late = index < playback.target - 1;
          if (!late || performance.now() - this.#lastPaint > drawLateAfterMs) await this.#paint(frame, index);
        } finally {
          frame.close();
        }
      }
    } catch (error) {
      this.#failed(error);
    }
  }

  /**
   * A small picture of frame `frame` (a keyframe, for the filmstrip), `height` pixels high, or null
   * when the pane has closed or the frame cannot be decoded (the pane says so when it is shown).
   * Decoded in the background, giving way to the frames the reviewer waits for; a frame already in
   * the cache costs nothing more.
   */
  async thumbnail(frame: number, height: number): Promise<ImageBitmap | null> {
    try {
      return await this.#thumbnail(frame, height);
    } catch {
      return null;
    }
  }

  async #thumbnail(frame: number, height: number): Promise<ImageBitmap | null> {
    for (let tries = 0; tries < 20 && !this.#closed; tries += 1) {
      await this.source.prefetch(frame, frame);
      // A prefetch that gave way leaves nothing: wait for the queue to be quiet, then ask again.
      if (!this.source.has(frame)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const decoded = await this.source.frameAt(frame);
      try {
        const width = Math.max(1, Math.round((decoded.displayWidth / decoded.displayHeight) * height));
        const resize = { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' } as const;
        // From copied pixels where the frame allows: converting the frame itself keeps memory (frame-pixels.ts).
        const pixels = await framePixels(decoded);
        return await createImageBitmap(pixels ?? decoded, resize);
      } finally {
        decoded.close();
      }
    }
    return null;
  }

  /** Stops drawing and frees the decoder and its frames. */
  close(): void {
    this.stopPlaying();
    this.#closed = true;
    this.source.close();
    this.#settle(() => true);
  }

  async #drawLoop(): Promise<void> {
    this.#drawing = true;
    try {
      while (!this.#closed && this.#wanted !== undefined && this.#wanted !== this.#shown) {
        const wanted = this.#wanted;
        const frame = await this.source.frameAt(wanted);
        try {
          if (!this.#closed) await this.#paint(frame, wanted);
        } finally {
          frame.close();
        }
        if (this.#wanted === wanted) this.prefetch(wanted);
        // Whoever waited for this frame, or for one it has since replaced, may go on.
        this.#settle((waiting) => waiting === wanted || waiting !== this.#wanted);
      }
    } catch (error) {
      this.#failed(error);
    } finally {
      this.#drawing = false;
      this.#settle(() => true);
    }
  }

  /** Puts `frame` on the canvas; resolves once it is there. */
  async #paint(frame: VideoFrame, index: number): Promise<void> {
    // Taken while in use: a paint still under way (playback's, as a seek begins) gets a buffer of its own.
    const reuse = this.#pixels;
    this.#pixels = undefined;
    const pixels = await framePixels(frame, reuse);
    if (this.#closed) return;
    const { displayWidth, displayHeight } = frame;
    if (this.canvas.width !== displayWidth) this.canvas.width = displayWidth;
    if (this.canvas.height !== displayHeight) this.canvas.height = displayHeight;
    const context = this.canvas.getContext('2d');
    if (!context) throw new FrameSourceError('decode_failed', { frame: index });
    if (pixels) {
      this.#pixels = pixels;
      context.putImageData(pixels, 0, 0);
    } else {
      context.drawImage(frame, 0, 0, displayWidth, displayHeight);
    }
    this.#shown = index;
    this.#lastPaint = performance.now();
    // The frame drawn, where a test or a benchmark can watch for it (a MutationObserver).
    this.canvas.dataset.frame = String(index);
    for (const listener of this.#drawnListeners) listener(index);
  }

  #failed(error: unknown): void {
    if (this.#closed) return;
    if (isFrameSourceError(error) && error.code === 'closed') return;
    const problem = isFrameSourceError(error) ? error : new FrameSourceError('decode_failed', { frame: this.#wanted ?? 0 }, { cause: error });
    log.warn('a decoded pane could not show a frame', { code: problem.code, ...problem.params });
    this.#closed = true;
    this.onProblem(problem);
  }

  #settle(done: (frame: number) => boolean): void {
    const still: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (done(waiter.frame)) waiter.resolve();
      else still.push(waiter);
    }
    this.#waiters = still;
  }
}
