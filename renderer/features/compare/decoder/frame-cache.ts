// Decoded frames around the playhead, within a byte budget. A VideoFrame holds decoder memory (often
// GPU memory) until it is closed, and Chromium stalls the decoder when too many are open, so every
// frame is closed the moment it leaves: evicted, replaced, deleted or cleared. Memory then depends
// on the budget, never on how many seeks a reviewer makes or how long the video is.

/** What the cache needs of a frame: a VideoFrame, or a test's fake. */
export interface CacheableFrame {
  readonly codedWidth: number;
  readonly codedHeight: number;
  allocationSize?(): number;
  close(): void;
}

/**
 * The bytes a frame holds: its `allocationSize()`, or 4:2:0's width × height × 1.5 when it has
 * none or cannot say (Chromium throws for frames without a CPU-readable format, such as GPU ones).
 */
export function frameBytes(frame: CacheableFrame): number {
  try {
    const size = frame.allocationSize?.();
    if (typeof size === 'number' && Number.isFinite(size) && size > 0) return size;
  } catch {
    // Falls through to the estimate: the frame still holds memory, we just cannot ask how much.
  }
  return Math.ceil(frame.codedWidth * frame.codedHeight * 1.5);
}

interface Entry<F> {
  frame: F;
  bytes: number;
}

/**
 * A cache of decoded frames keyed by frame index, owning every frame put in it. When it is over
 * budget it drops the frame farthest from the playhead (on a tie, the one behind it, since
 * playback moves forward), closing it. A borrowed frame (`get`) is valid until the cache is next
 * changed; a caller that keeps one clones it.
 */
export class FrameCache<F extends CacheableFrame> {
  readonly #entries = new Map<number, Entry<F>>();
  readonly #budget: number;
  #bytes = 0;
  #playhead = 0;

  constructor(budgetBytes: number) {
    if (!(budgetBytes > 0)) throw new RangeError(`A frame cache needs a positive budget, not ${budgetBytes}.`);
    this.#budget = budgetBytes;
  }

  /** Bytes held now (never above the budget after a call returns). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Frames held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The budget in bytes. */
  get budget(): number {
    return this.#budget;
  }

  /** The frame index eviction measures distance from. */
  get playhead(): number {
    return this.#playhead;
  }

  /** Moves the playhead; frames are dropped only when a later `put` needs room. */
  setPlayhead(frameIndex: number): void {
    this.#playhead = frameIndex;
  }

  /** Whether frame `frameIndex` is held. */
  has(frameIndex: number): boolean {
    return this.#entries.has(frameIndex);
  }

  /** The frame held for `frameIndex`, borrowed (see the class comment). */
  get(frameIndex: number): F | undefined {
    return this.#entries.get(frameIndex)?.frame;
  }

  /** The frame indices held, in ascending order. */
  indices(): number[] {
    return [...this.#entries.keys()].sort((a, b) => a - b);
  }

  /**
   * Takes ownership of `frame` as frame `frameIndex`, closing any other frame held for that index,
   * then closes the farthest frames until the budget holds. Answers whether `frame` is still held
   * (false when it was itself the farthest, or alone larger than the budget — it is closed then).
   */
  put(frameIndex: number, frame: F): boolean {
    const previous = this.#entries.get(frameIndex);
    if (previous?.frame === frame) return true;
    if (previous) this.#drop(frameIndex, previous);
    const entry = { frame, bytes: frameBytes(frame) };
    this.#entries.set(frameIndex, entry);
    this.#bytes += entry.bytes;
    while (this.#bytes > this.#budget) this.#drop(...this.#farthest());
    return this.#entries.get(frameIndex)?.frame === frame;
  }

  /** Closes and forgets frame `frameIndex`, if held. */
  delete(frameIndex: number): void {
    const entry = this.#entries.get(frameIndex);
    if (entry) this.#drop(frameIndex, entry);
  }

  /** Closes and forgets every frame. */
  clear(): void {
    for (const [frameIndex, entry] of [...this.#entries]) this.#drop(frameIndex, entry);
  }

  #farthest(): [number, Entry<F>] {
    let found: [number, Entry<F>] | undefined;
    let foundDistance = -1;
    for (const [frameIndex, entry] of this.#entries) {
      const distance = Math.abs(frameIndex - this.#playhead);
      if (distance > foundDistance || (distance === foundDistance && found !== undefined && frameIndex < found[0])) {
        found = [frameIndex, entry];
        foundDistance = distance;
      }
    }
    // Only called while over budget, so something is held.
    return found!;
  }

  #drop(frameIndex: number, entry: Entry<F>): void {
    this.#entries.delete(frameIndex);
    this.#bytes -= entry.bytes;
    entry.frame.close();
  }
}
