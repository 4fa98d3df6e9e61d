import { describe, expect, it } from 'vitest';
import { probeRanges, rangeCheckedFetch, rangeStream } from './ranged-reader';
import { codeOf } from './test-fixtures';

const file = Uint8Array.from({ length: 1000 }, (_, n) => n % 251);

/** A server over `file` that answers ranges (`bytes=a-b` or `bytes=a-`), and the Range headers it got. */
function server(options: { status?: number; wrongStart?: boolean; size?: number; failBody?: boolean; cap?: number } = {}) {
  const asked: string[] = [];
  const size = options.size ?? file.length;
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('Range') ?? 'whole';
    asked.push(range);
    if (options.status) return new Response(file, { status: options.status });
    const match = /^bytes=(\d+)-(\d*)$/.exec(range)!;
    const start = Number(match[1]);
    if (start >= size) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
    const end = Math.min(match[2] ? Number(match[2]) : size - 1, size - 1, start + (options.cap ?? Infinity) - 1);
    const shownStart = options.wrongStart ? 0 : start;
    const body = options.failBody
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(file.slice(start, start + 10));
            controller.error(new TypeError('network error'));
          },
        })
      : file.slice(start, end + 1);
    return new Response(body, { status: 206, headers: { 'Content-Range': `bytes ${shownStart}-${end}/${size}` } });
  }) as typeof fetch;
  return { asked, fetchFn };
}


const failing = (async () => {
  throw new TypeError('Failed to fetch');
}) as typeof fetch;

describe('probing a media URL', () => {
  it('learns the size from one byte', async () => {
    const { asked, fetchFn } = server();
    expect(await probeRanges('/media/x', fetchFn)).toBe(1000);
    expect(asked).toEqual(['bytes=0-0']);
  });

  it('refuses an empty file, a server without ranges and an error status, each with its code', async () => {
    expect(await codeOf(probeRanges('/media/x', server({ size: 0 }).fetchFn))).toBe('truncated');
    expect(await codeOf(probeRanges('/media/x', server({ status: 200 }).fetchFn))).toBe('no_range_support');
    expect(await codeOf(probeRanges('/media/x', server({ wrongStart: true }).fetchFn))).toBe('resolved');
    expect(await codeOf(probeRanges('/media/x', server({ status: 404 }).fetchFn))).toBe('network');
    expect(await codeOf(probeRanges('/media/x', failing))).toBe('network');
    const abort = new AbortController();
    abort.abort();
    expect(await codeOf(probeRanges('/media/x', failing, abort.signal))).toBe('closed');
  });
});

describe('reads checked for the range asked', () => {
  const get = (fetchFn: typeof fetch, range: string, signal?: AbortSignal) => rangeCheckedFetch(fetchFn, 1000)('/media/x', { headers: { Range: range }, signal });

  it('passes an open-ended or bounded range through, bytes as the file has them', async () => {
    const { fetchFn } = server();
    expect(new Uint8Array(await (await get(fetchFn, 'bytes=990-')).arrayBuffer())).toEqual(file.slice(990));
    expect(new Uint8Array(await (await get(fetchFn, 'bytes=100-109')).arrayBuffer())).toEqual(file.slice(100, 110));
  });

  it('refuses an answer from elsewhere in the file, the whole file, a file cut short, or an error status', async () => {
    expect(await codeOf(get(server({ wrongStart: true }).fetchFn, 'bytes=10-'))).toBe('no_range_support');
    expect(await codeOf(get(server({ status: 200 }).fetchFn, 'bytes=10-'))).toBe('no_range_support');
    expect(await codeOf(get(server({ size: 500 }).fetchFn, 'bytes=100-'))).toBe('truncated');
    expect(await codeOf(get(server({ size: 500 }).fetchFn, 'bytes=900-'))).toBe('truncated');
    expect(await codeOf(get(server().fetchFn, 'bytes=1000-'))).toBe('truncated');
    expect(await codeOf(get(server({ status: 503 }).fetchFn, 'bytes=10-'))).toBe('network');
    expect(await codeOf(get(server().fetchFn, 'bytes=-10'))).toBe('no_range_support');
  });

  it('says network for a connection that fails, part-way or at once, and closed once aborted', async () => {
    const answer = await get(server({ failBody: true }).fetchFn, 'bytes=0-');
    expect(await codeOf(answer.arrayBuffer())).toBe('network');
    expect(await codeOf(get(failing, 'bytes=0-'))).toBe('network');
    const abort = new AbortController();
    abort.abort();
    expect(await codeOf(get(failing, 'bytes=0-', abort.signal))).toBe('closed');
  });
});

describe('a range as a stream', () => {
  const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

  it('asks for exactly the range, and on from where a short answer stopped (a download still arriving)', async () => {
    // (The stream reads ahead on its own up to the end of its range: a reader may drop it unread.)
    const { asked, fetchFn } = server({ cap: 64 });
    expect(await bytesOf(rangeStream(rangeCheckedFetch(fetchFn, 1000), '/media/x', 10, 200))).toEqual(file.slice(10, 200));
    expect(asked).toEqual(['bytes=10-199', 'bytes=74-199', 'bytes=138-199']);
  });

  it('says truncated when the bytes are not there, and asks no more once cancelled', async () => {
    const { fetchFn } = server({ size: 500 });
    expect(await codeOf(bytesOf(rangeStream(rangeCheckedFetch(fetchFn, 500), '/media/x', 400, 600)))).toBe('truncated');
    const { asked, fetchFn: counted } = server({ cap: 10 });
    const reader = rangeStream(rangeCheckedFetch(counted, 1000), '/media/x', 0, 1000).getReader();
    await reader.read();
    await reader.cancel();
    const whenCancelled = asked.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked.length).toBe(whenCancelled);
    expect(whenCancelled).toBeLessThan(100);
  });
});
