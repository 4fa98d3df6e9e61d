// A video pane drawn by the viewer itself: frames come from a WebCodecs FrameSource (decoder/) and
// are painted on the pane's canvas. Asked for frames faster than it can show them (a held key, a
// drag, playback), it shows the newest one asked for and skips the rest, and it decodes ahead so
// steps and playback are served from the cache.
import { createLogger } from '../../../shared/logger';
import { defaultCacheBytes, type FrameSource } from './decoder/frame-source';
import { FrameSourceError, isFrameSourceError } from './decoder/frame-source-error';
import type { FrameIndex } from './decoder/frame-index';

const log = createLogger('decoded-video');

/** Someone waiting for a frame to show. */
interface Waiter {
  frame: number;
  resolve: () => void;
}

/** At most this many frames are decoded ahead of the one shown. */
const maxAhead = 30;

export class DecodedVideo {
  readonly index: FrameIndex;
  /** Frames one decode run fills ahead of the frame asked for: as many as half the cache holds, up to `maxAhead`. */
  readonly ahead: number;
  #shown: number | undefined;
  #wanted: number | undefined;
  #through = 0;
  #drawing = false;
  #waiters: Waiter[] = [];
  #prefetching = false;
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
    if (target === this.#shown && !this.#drawing) return Promise.resolve();
    this.#wanted = target;
    this.#through = Math.min(last, target + this.ahead);
    const drawn = new Promise<void>((resolve) => this.#waiters.push({ frame: target, resolve }));
    if (!this.#drawing) void this.#drawLoop();
    return drawn;
  }

  /** While playing: decodes the frames after `frame` before they are due, once the cache runs short. */
  prefetch(frame: number): void {
    const next = frame + Math.ceil(this.ahead / 2);
    if (this.#closed || this.#prefetching || next >= this.index.frames.length || this.source.has(next)) return;
    this.#prefetching = true;
    const through = Math.min(this.index.frames.length - 1, frame + this.ahead * 2);
    this.source
      .frameAt(next, { through })
      .then((decoded) => decoded.close())
      .catch((error: unknown) => this.#failed(error))
      .finally(() => {
        this.#prefetching = false;
      });
  }

  /** Stops drawing and frees the decoder and its frames. */
  close(): void {
    this.#closed = true;
    this.source.close();
    this.#settle(() => true);
  }

  async #drawLoop(): Promise<void> {
    this.#drawing = true;
    try {
      while (!this.#closed && this.#wanted !== undefined && this.#wanted !== this.#shown) {
        const wanted = this.#wanted;
        const frame = await this.source.frameAt(wanted, { through: this.#through });
        try {
          if (!this.#closed) this.#paint(frame, wanted);
        } finally {
          frame.close();
        }
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

  #paint(frame: VideoFrame, index: number): void {
    const { displayWidth, displayHeight } = frame;
    if (this.canvas.width !== displayWidth) this.canvas.width = displayWidth;
    if (this.canvas.height !== displayHeight) this.canvas.height = displayHeight;
    const context = this.canvas.getContext('2d');
    if (!context) throw new FrameSourceError('decode_failed', { frame: index });
    context.drawImage(frame, 0, 0, displayWidth, displayHeight);
    this.#shown = index;
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
