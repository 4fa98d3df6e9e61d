import { describe, expect, it } from 'vitest';
import { FrameSourceError } from './frame-source-error';
import { openRangedReader } from './ranged-reader';

const file = Uint8Array.from({ length: 1000 }, (_, n) => n % 251);

/** A server over `file` that answers ranges, at most `cap` bytes at a time (as a partial download does). */
function server(options: { cap?: number; status?: number; wrongStart?: boolean; size?: number } = {}) {
  const asked: string[] = [];
  const size = options.size ?? file.length;
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('Range') ?? 'whole';
    asked.push(range);
    if (options.status) return new Response(file, { status: options.status });
    const match = /^bytes=(\d+)-(\d+)$/.exec(range)!;
    const start = Number(match[1]);
    if (start >= size) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
    const end = Math.min(Number(match[2]), size - 1, start + (options.cap ?? Infinity) - 1);
    const shownStart = options.wrongStart ? 0 : start;
    return new Response(file.slice(start, end + 1), { status: 206, headers: { 'Content-Range': `bytes ${shownStart}-${end}/${file.length}` } });
  }) as typeof fetch;
  return { asked, fetchFn };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof FrameSourceError ? error.code : `not a FrameSourceError: ${String(error)}`;
  }
}

describe('ranged reader', () => {
  it('learns the size from one byte and reads exactly the range asked', async () => {
    const { asked, fetchFn } = server();
    const reader = await openRangedReader('/media/x', fetchFn);
    expect(reader.size).toBe(1000);
    expect(await reader.read(100, 110)).toEqual(file.slice(100, 110));
    expect(asked).toEqual(['bytes=0-0', 'bytes=100-109']);
  });

  it('follows a short answer up until it has the range (a download still arriving)', async () => {
    const { asked, fetchFn } = server({ cap: 64 });
    const reader = await openRangedReader('/media/x', fetchFn);
    expect(await reader.read(10, 200)).toEqual(file.slice(10, 200));
    expect(asked.slice(1)).toEqual(['bytes=10-199', 'bytes=74-199', 'bytes=138-199']);
  });

  it('says truncated when the bytes are not there', async () => {
    const { fetchFn } = server({ size: 500 });
    const reader = await openRangedReader('/media/x', fetchFn);
    expect(await codeOf(reader.read(400, 600))).toBe('truncated');
    expect(await codeOf(reader.read(900, 1100))).toBe('truncated');
    expect(await codeOf(openRangedReader('/media/x', server({ size: 0 }).fetchFn))).toBe('truncated');
  });

  it('refuses a server that sends the whole file instead of the range', async () => {
    const { asked, fetchFn } = server({ status: 200 });
    expect(await codeOf(openRangedReader('/media/x', fetchFn))).toBe('no_range_support');
    expect(asked).toEqual(['bytes=0-0']);
    const wrong = server({ wrongStart: true });
    const reader = await openRangedReader('/media/x', wrong.fetchFn);
    expect(await codeOf(reader.read(10, 20))).toBe('no_range_support');
  });

  it('says network for an error status or a failed fetch, closed once aborted', async () => {
    expect(await codeOf(openRangedReader('/media/x', server({ status: 404 }).fetchFn))).toBe('network');
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await codeOf(openRangedReader('/media/x', failing))).toBe('network');
    const abort = new AbortController();
    abort.abort();
    expect(await codeOf(openRangedReader('/media/x', failing, abort.signal))).toBe('closed');
  });
});
