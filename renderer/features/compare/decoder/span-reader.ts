// The reads under the demuxer, as few requests as the reading allows. mediabunny asks for each
// packet's bytes as it demuxes; one request per packet would pay a round trip for each, and its own
// read-ahead grows a block at a time, each a new request. Here a read opens a *span*: one ranged
// request, streamed into a buffer, that later reads inside it are served from as its bytes arrive.
// A seek says up front how many bytes its run of packets takes (`expect`), so its span is the run;
// reads that carry on where the last span ends open a span twice as long, up to `maxSpanBytes`,
// as playback and hashing read on. A seek's span stops the requests still under way, so it does
// not share the line with the read-ahead of the last; a read whose span stopped carries on from a
// request of its own (decision 0028).
import { FrameSourceError } from './frame-source-error';
import { letGo } from './let-go';

/** The first span of a sequential read, and the cap on how far a span reaches without a hint. */
export const minSpanBytes = 1 * 2 ** 20;
export const maxSpanBytes = 16 * 2 ** 20;

/** At most this many spans stream at once: a seek's and playback's may run side by side. */
const maxSpans = 2;

/** One ranged request streaming into a buffer. */
interface Span {
  start: number;
  end: number;
  bytes: Uint8Array;
  filled: number;
  /** Why no more bytes will come, once none will: a read error, or `replaced`. */
  error?: unknown;
  stop: () => void;
  wake: Set<() => void>;
  used: number;
}

/** A span stopped to make room: its readers carry on from a span of their own. */
const replaced = Symbol('replaced');

/** How a span's request is made: bytes `start` to `end` (excluded) of the file, as a stream. */
export type RangeStreamer = (start: number, end: number) => ReadableStream<Uint8Array>;

export class SpanReader {
  #spans: Span[] = [];
  #expected: number | undefined;
  #uses = 0;
  #closed = false;

  constructor(
    readonly size: number,
    private readonly streamRange: RangeStreamer,
  ) {}

  /** The next read starts a run of about `bytes` bytes read in order: one span covers it. */
  expect(bytes: number): void {
    this.#expected = Math.max(0, Math.ceil(bytes));
  }

  /** Bytes `start` to `end` (excluded), as a stream that yields them as they arrive. */
  read(start: number, end: number): ReadableStream<Uint8Array> {
    if (this.#closed) return new ReadableStream({ start: (controller) => controller.error(new FrameSourceError('closed', {})) });
    // A hint is for the read that follows it, whether or not that read needs a new span.
    const expected = this.#expected;
    this.#expected = undefined;
    const reach = expected === undefined ? end : Math.min(this.size, Math.max(end, start + expected));
    const span = this.#spans.find((open) => open.start <= start && reach <= open.end && open.error === undefined) ?? this.#open(start, end, expected);
    span.used = ++this.#uses;
    return this.#stream(span, start, end);
  }

  /** Stops every request under way; reads waiting on them fail with `closed`. */
  close(): void {
    this.#closed = true;
    for (const span of this.#spans) span.stop();
    this.#spans = [];
  }

  #open(start: number, end: number, expected: number | undefined): Span {
    const before = this.#spans.find((open) => open.start <= start && start <= open.end);
    let length = 0;
    if (expected !== undefined) {
      length = expected;
    } else if (before) {
      // Reading on past a span: twice as far, since the reader keeps going.
      length = Math.min(maxSpanBytes, Math.max(minSpanBytes, 2 * (before.end - before.start)));
    }
    const spanEnd = Math.min(this.size, Math.max(end, start + length));
    const span: Span = { start, end: spanEnd, bytes: new Uint8Array(spanEnd - start), filled: 0, stop: () => undefined, wake: new Set(), used: 0 };
    this.#makeRoom(before, expected !== undefined);
    this.#spans.push(span);
    void fill(span, this.streamRange(start, spanEnd), this.#whyStopped);
    return span;
  }

  /** Why a span stopped: the reader closed, or the span made room for another. */
  readonly #whyStopped = (): unknown => (this.#closed ? new FrameSourceError('closed', {}) : replaced);

  /**
   * Stops the span read on from, or else the one used longest ago once there are enough. A run
   * announced with `expect` is what the reviewer waits for: the requests still under way for
   * earlier runs stop too, so it has the connection to itself. (A method of its own: a closure
   * beside a span's in one scope kept every span that ever left alive, each through the next.)
   */
  #makeRoom(before: Span | undefined, announced: boolean): void {
    const leaving: Span[] = [];
    if (before) leaving.push(before);
    else if (this.#spans.length >= maxSpans) leaving.push(this.#spans.reduce((a, b) => (a.used <= b.used ? a : b)));
    if (announced) for (const open of this.#spans) if (open.filled < open.bytes.length && !leaving.includes(open)) leaving.push(open);
    for (const span of leaving) {
      this.#spans.splice(this.#spans.indexOf(span), 1);
      span.stop();
    }
  }

  /** Bytes `start` to `end` of `span`, yielded as they arrive; carried on elsewhere if the span is replaced. */
  #stream(span: Span, start: number, end: number): ReadableStream<Uint8Array> {
    let position = start;
    let carried: ReadableStreamDefaultReader<Uint8Array> | undefined;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (carried) {
          const { done, value } = await carried.read();
          if (done) controller.close();
          else controller.enqueue(value);
          return;
        }
        while (span.start + span.filled <= position && span.error === undefined) {
          await new Promise<void>((resolve) => span.wake.add(resolve));
        }
        const available = Math.min(end, span.start + span.filled);
        if (available > position) {
          // A copy: the span's buffer is let go of as a whole when the span goes.
          controller.enqueue(span.bytes.slice(position - span.start, available - span.start));
          position = available;
          if (position >= end) controller.close();
          return;
        }
        if (span.error !== replaced) {
          controller.error(span.error);
          return;
        }
        carried = this.read(position, end).getReader();
        const { done, value } = await carried.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: async () => {
        await letGo(carried?.cancel(), 'a carried-on read could not be cancelled');
      },
    });
  }
}

function wakeAll(span: Span): void {
  for (const wake of span.wake) wake();
  span.wake.clear();
}

async function fill(span: Span, stream: ReadableStream<Uint8Array>, stopped: () => unknown): Promise<void> {
  const reader = stream.getReader();
  span.stop = () => {
    if (span.error === undefined && span.filled < span.bytes.length) span.error = stopped();
    void letGo(reader.cancel(), 'a stopped span could not be cancelled');
    wakeAll(span);
  };
  try {
    while (span.filled < span.bytes.length && span.error === undefined) {
      const { done, value } = await reader.read();
      if (done) throw new FrameSourceError('truncated', { size: span.start + span.filled, needed: span.end });
      if (span.error !== undefined) break;
      span.bytes.set(value.subarray(0, span.bytes.length - span.filled), span.filled);
      span.filled = Math.min(span.bytes.length, span.filled + value.length);
      wakeAll(span);
    }
  } catch (error) {
    span.error ??= error;
    wakeAll(span);
  }
}
