// A media URL opened for the demuxer. Evidence can be gigabytes, so every read is a byte range, and
// an answer that is not the range asked for is an error here, not a slow success: a server that
// ignores `Range` and sends the whole file is `no_range_support` (decision 0025).
//
// Each request is bounded (`bytes=a-b`) and its answer handed over as a stream, so a seek decodes
// its keyframe's bytes as they arrive; span-reader.ts decides how much one request covers
// (decision 0028). Open-ended requests (`bytes=N-`) were tried: on 127.0.0.1 the server filled
// the socket's buffers with megabytes nobody asked for before the reader stopped the answer.
import { CustomSource, Input, MATROSKA, MP4, MPEG_TS, QTFF, WEBM } from 'mediabunny';
import { FrameSourceError } from './frame-source-error';
import { letGo } from './let-go';
import { SpanReader } from './span-reader';

/**
 * The containers the viewer opens: video ones only. mediabunny's audio formats (MP3, FLAC, Ogg,
 * WAVE, ADTS, HLS) would add a third to the bundle for files the viewer never sends here.
 */
export const videoFormats = [MP4, QTFF, WEBM, MATROSKA, MPEG_TS];

/**
 * Bytes the demuxer keeps of what it has read. A seek reads its keyframe group once; what is kept
 * serves the steps and prefetches near it, and the budget is part of the viewer's memory.
 */
const readCacheBytes = 16 * 2 ** 20;

// `bytes a-b/total` gives its three numbers; `bytes */total` (a 416's) gives the total only.
function parseContentRange(header: string | null): { start?: number; end?: number; total: number } | undefined {
  const match = header ? /^bytes (?:(\d+)-(\d+)|\*)\/(\d+)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  const total = Number(match[3]);
  if (match[1] === undefined) return { total };
  const [start, end] = [Number(match[1]), Number(match[2])];
  return end < start || end >= total ? undefined : { start, end, total };
}

/** The first byte a `Range: bytes=N-[M]` header asks for. */
function rangeStart(init: RequestInit | undefined): number | undefined {
  const match = /^bytes=(\d+)-\d*$/.exec(new Headers(init?.headers).get('Range') ?? '');
  return match ? Number(match[1]) : undefined;
}

async function ask(fetchFn: typeof fetch, url: RequestInfo | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw new FrameSourceError('closed', {}, { cause: error });
    throw new FrameSourceError('network', { status: 0 }, { cause: error });
  }
}

/** A body whose failure part-way is a `network` error with a code, as every other read failure is. */
function codedBody(body: ReadableStream<Uint8Array>, signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(signal?.aborted ? new FrameSourceError('closed', {}, { cause: error }) : new FrameSourceError('network', { status: 206 }, { cause: error }));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * `fetchFn`, answering only what is the range asked for of a file of `size` bytes: a 206 whose
 * `Content-Range` starts where the request did. A shorter 206 is fine (the media handler answers
 * a download still arriving with the part it has, and the reader asks on from there); a 416, or
 * a total that is not `size`, is `truncated`; a 200 `no_range_support`; any other status `network`.
 */
export function rangeCheckedFetch(fetchFn: typeof fetch, size: number): typeof fetch {
  return (async (url: RequestInfo | URL, init: RequestInit = {}) => {
    const start = rangeStart(init);
    if (start === undefined) throw new FrameSourceError('no_range_support', {});
    const answer = await ask(fetchFn, url, init);
    const range = parseContentRange(answer.headers.get('Content-Range'));
    if (answer.status === 206 && range?.start === start && range.total === size && answer.body) {
      return new Response(codedBody(answer.body, init.signal), { status: 206, headers: answer.headers });
    }
    await letGo(answer.body?.cancel(), 'an answer refused could not be cancelled');
    // The file is not the size it was when it opened: it was cut short under the reader.
    if (answer.status === 416 || (answer.status === 206 && range && range.total !== size)) {
      throw new FrameSourceError('truncated', { size: range?.total ?? size, needed: start + 1 });
    }
    if (answer.status === 200 || answer.status === 206) throw new FrameSourceError('no_range_support', {});
    throw new FrameSourceError('network', { status: answer.status });
  }) as typeof fetch;
}

/**
 * Asks for the first byte of `url` to learn its size, refusing a server that answers with the
 * whole file (`no_range_support`), an empty file (`truncated`) or an error status (`network`).
 */
export async function probeRanges(url: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<number> {
  const first = await ask(fetchFn, url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store', signal });
  await letGo(first.body?.cancel(), 'the probe answer could not be cancelled');
  // Only an empty file cannot satisfy its first byte.
  if (first.status === 416) throw new FrameSourceError('truncated', { size: 0, needed: 1 });
  if (first.status === 200) throw new FrameSourceError('no_range_support', {});
  if (first.status !== 206) throw new FrameSourceError('network', { status: first.status });
  const range = parseContentRange(first.headers.get('Content-Range'));
  if (range?.start !== 0) throw new FrameSourceError('no_range_support', {});
  return range.total;
}

/**
 * Bytes `start` (included) to `end` (excluded) of `url` as a stream, by ranged requests through
 * `checked` (a `rangeCheckedFetch`): a shorter answer is followed by a request for the rest, and
 * an answer with nothing in it means the bytes are not there (`truncated`).
 */
export function rangeStream(checked: typeof fetch, url: string, start: number, end: number, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let position = start;
  let body: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let gotAny = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (position < end) {
        if (!body) {
          const answer = await checked(url, { headers: { Range: `bytes=${position}-${end - 1}` }, cache: 'no-store', signal });
          body = answer.body!.getReader();
          gotAny = false;
        }
        const { done, value } = await body.read();
        if (done) {
          body = undefined;
          if (!gotAny) throw new FrameSourceError('truncated', { size: position, needed: end });
          continue;
        }
        if (value.length === 0) continue;
        gotAny = true;
        const piece = value.subarray(0, end - position);
        position += piece.length;
        controller.enqueue(piece);
        return;
      }
      controller.close();
    },
    async cancel(reason) {
      await letGo(body?.cancel(reason), 'a range answer could not be cancelled');
    },
    // Read eagerly up to the whole range: mediabunny lets go of a stream it no longer needs without
    // cancelling it, and an answer nobody reads holds its connection open, with Chromium's six
    // per host. The range is bounded, so what is queued is too, and freed with the stream.
  }, new ByteLengthQueuingStrategy({ highWaterMark: Math.max(1, end - start) }));
}

/** A video opened for mediabunny, and the reader under it, which takes hints about what comes next. */
export interface VideoInput {
  input: Input;
  spans: SpanReader;
}

/**
 * Opens the video at `url` for mediabunny: probes it (see `probeRanges`), then reads it by ranges
 * checked with `rangeCheckedFetch`, in spans (span-reader.ts). The caller disposes the input, which
 * stops the requests under way; aborting `signal` does too.
 */
export async function openVideoInput(url: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<VideoInput> {
  const size = await probeRanges(url, fetchFn, signal);
  const checked = rangeCheckedFetch(fetchFn, size);
  const spans = new SpanReader(size, (start, end) => rangeStream(checked, url, start, end, signal));
  const input = new Input({
    formats: videoFormats,
    source: new CustomSource({
      getSize: () => size,
      read: (start, end) => spans.read(start, end),
      // Reads as mediabunny needs them, padded a little; the spans do the reading ahead.
      prefetchProfile: 'fileSystem',
      maxCacheSize: readCacheBytes,
      dispose: () => spans.close(),
      // A read-ahead that fails while nobody waits for its bytes is not an error yet: the read that
      // needs them asks again and fails with the code, for the frame that needed them.
      handleUnhandledError: (error) => void letGo(Promise.reject(error), 'a read-ahead failed with nobody waiting for it'),
    }),
  });
  return { input, spans };
}
