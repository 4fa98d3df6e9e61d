import { describe, expect, it } from 'vitest';
import { FrameSourceError } from './frame-source-error';
import { maxSpanBytes, minSpanBytes, SpanReader } from './span-reader';
import { codeOf } from './test-fixtures';

const size = 64 * 2 ** 20;
const file = new Uint8Array(size);
for (let position = 0; position < size; position += 1) file[position] = position % 251;

/**
 * A file of `size` bytes served as streams, each in 64 KiB pieces that arrive when `release` is
 * called (or at once with `instant`); the ranges asked for and the streams cancelled are recorded.
 */
function streamer(options: { instant?: boolean; failAt?: number } = {}) {
  const asked: [number, number][] = [];
  let cancelled = 0;
  const waiting: (() => void)[] = [];
  const stream = (start: number, end: number) => {
    asked.push([start, end]);
    let position = start;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!options.instant) await new Promise<void>((resolve) => waiting.push(resolve));
        if (options.failAt !== undefined && position >= options.failAt) {
          controller.error(new FrameSourceError('network', { status: 0 }));
          return;
        }
        const next = Math.min(end, position + 65_536);
        controller.enqueue(file.slice(position, next));
        position = next;
        if (position >= end) controller.close();
      },
      cancel() {
        cancelled += 1;
      },
    });
  };
  const release = () => waiting.splice(0).forEach((resolve) => resolve());
  return { stream, asked, cancelled: () => cancelled, release };
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Where `bytes` first differs from the file's bytes `start` to `end`; -1 when it is those bytes. */
function firstDifference(bytes: Uint8Array, start: number, end: number): number {
  if (bytes.length !== end - start) return Math.min(bytes.length, end - start);
  for (let k = 0; k < bytes.length; k += 1) if (bytes[k] !== file[start + k]) return k;
  return -1;
}

/** Lets the pieces waiting arrive, a few turns of the event loop over. */
async function releaseAll(release: () => void, turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}


describe('span reader', () => {
  it('serves a run announced with expect from one request, each read as its bytes arrive', async () => {
    const served = streamer({ instant: true });
    const spans = new SpanReader(size, served.stream);
    spans.expect(3_000_000);
    const reads = [
      [1_000_000, 1_300_000],
      [1_300_000, 2_000_000],
      [2_000_000, 3_900_000],
    ] as const;
    for (const [start, end] of reads) expect(firstDifference(await bytesOf(spans.read(start, end)), start, end)).toBe(-1);
    expect(served.asked).toEqual([[1_000_000, 4_000_000]]);
  });

  it('hands out the first bytes before the rest of the span has come', async () => {
    const served = streamer();
    const spans = new SpanReader(size, served.stream);
    spans.expect(8 * 2 ** 20);
    const reader = spans.read(0, 65_536).getReader();
    const first = reader.read();
    await releaseAll(served.release, 3);
    expect(firstDifference((await first).value!, 0, 65_536)).toBe(-1);
    expect(served.asked).toEqual([[0, 8 * 2 ** 20]]);
  });

  it('reads on past a span with one twice as long, up to the cap', async () => {
    const served = streamer({ instant: true });
    const spans = new SpanReader(size, served.stream);
    await bytesOf(spans.read(0, 100));
    let position = 100;
    while (position < 40 * 2 ** 20) {
      const end = position + 200_000;
      expect(firstDifference(await bytesOf(spans.read(position, end)), position, end)).toBe(-1);
      position = end;
    }
    const lengths = served.asked.map(([start, end]) => end - start);
    expect(lengths[0]).toBe(100);
    expect(lengths[1]).toBe(minSpanBytes);
    expect(lengths[2]).toBe(2 * minSpanBytes);
    expect(Math.max(...lengths)).toBe(maxSpanBytes);
    // Far fewer requests than reads: 200 kB reads over 40 MB.
    expect(served.asked.length).toBeLessThan(12);
  });

  it('a new run stops the request still under way for the last, whose reader carries on with a request of its own', async () => {
    const served = streamer();
    const spans = new SpanReader(size, served.stream);
    spans.expect(10_000_000);
    const background = bytesOf(spans.read(0, 200_000));
    await releaseAll(served.release, 1);
    spans.expect(5_000_000);
    const seek = bytesOf(spans.read(30_000_000, 30_100_000));
    expect(served.cancelled()).toBe(1);
    await releaseAll(served.release);
    expect(firstDifference(await seek, 30_000_000, 30_100_000)).toBe(-1);
    expect(firstDifference(await background, 0, 200_000)).toBe(-1);
    expect(served.asked[0]).toEqual([0, 10_000_000]);
    expect(served.asked[1]).toEqual([30_000_000, 35_000_000]);
    expect(served.asked[2]![1]).toBe(200_000);
  });

  it('a failed request fails the reads waiting on it with its code, and the next read asks again', async () => {
    const served = streamer({ instant: true, failAt: 1_000_000 });
    const spans = new SpanReader(size, served.stream);
    spans.expect(4_000_000);
    expect(await codeOf(bytesOf(spans.read(0, 2_000_000)))).toBe('network');
    expect(firstDifference(await bytesOf(spans.read(0, 500_000)), 0, 500_000)).toBe(-1);
    expect(served.asked.length).toBe(2);
  });

  it('refuses reads once closed, and stops what was under way', async () => {
    const served = streamer();
    const spans = new SpanReader(size, served.stream);
    const waiting = bytesOf(spans.read(0, 100_000));
    spans.close();
    expect(await codeOf(waiting)).toBe('closed');
    expect(await codeOf(bytesOf(spans.read(0, 10)))).toBe('closed');
    expect(served.cancelled()).toBe(1);
  });

  it('never reads past the end of the file', async () => {
    const served = streamer({ instant: true });
    const spans = new SpanReader(1000, served.stream);
    spans.expect(5000);
    expect(firstDifference(await bytesOf(spans.read(900, 1000)), 900, 1000)).toBe(-1);
    expect(served.asked).toEqual([[900, 1000]]);
  });
});
