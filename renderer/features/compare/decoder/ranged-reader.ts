// Byte ranges of a media URL, for the demuxer. Evidence can be gigabytes, so a read asks for exactly
// the bytes wanted and refuses any answer that is not that range: a server that ignores `Range`
// and sends the whole file is an error here, not a slow success (decision 0025).
import { FrameSourceError } from './frame-source-error';

/** A file read by byte ranges over HTTP. */
export interface RangedReader {
  /** The file's size in bytes, from the server's `Content-Range`. */
  readonly size: number;
  /** Bytes `start` (included) to `end` (excluded). */
  read(start: number, end: number): Promise<Uint8Array>;
}

// `bytes a-b/total` gives its three numbers; `bytes */total` (a 416's) gives the total only.
function parseContentRange(header: string | null): { start?: number; end?: number; total: number } | undefined {
  const match = header ? /^bytes (?:(\d+)-(\d+)|\*)\/(\d+)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  const total = Number(match[3]);
  return match[1] === undefined ? { total } : { start: Number(match[1]), end: Number(match[2]), total };
}

async function ask(fetchFn: typeof fetch, url: string, range: string, signal: AbortSignal | undefined): Promise<Response> {
  try {
    return await fetchFn(url, { headers: { Range: range }, cache: 'no-store', signal });
  } catch (error) {
    if (signal?.aborted) throw new FrameSourceError('closed', {}, { cause: error });
    throw new FrameSourceError('network', { status: 0 }, { cause: error });
  }
}

/**
 * Opens `url` for ranged reads: asks for its first byte to learn the size, and refuses a server that
 * answers with the whole file (`no_range_support`), an empty file (`truncated`) or an error status
 * (`network`).
 */
export async function openRangedReader(url: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<RangedReader> {
  const first = await ask(fetchFn, url, 'bytes=0-0', signal);
  await first.body?.cancel();
  // Only an empty file cannot satisfy its first byte.
  if (first.status === 416) throw new FrameSourceError('truncated', { size: 0, needed: 1 });
  if (first.status === 200) throw new FrameSourceError('no_range_support', {});
  if (first.status !== 206) throw new FrameSourceError('network', { status: first.status });
  const range = parseContentRange(first.headers.get('Content-Range'));
  if (range?.start !== 0) throw new FrameSourceError('no_range_support', {});
  const size = range.total;

  return {
    size,
    async read(start: number, end: number): Promise<Uint8Array> {
      if (end > size) throw new FrameSourceError('truncated', { size, needed: end });
      const bytes = new Uint8Array(Math.max(0, end - start));
      let got = 0;
      // The media handler answers a range that reaches past what a download has written with the
      // part it has (a shorter 206), and the rest from the service on the next request; so a short
      // answer is followed up, and only an answer with nothing in it means the bytes are not there.
      while (got < bytes.length) {
        const part = await readPart(fetchFn, url, start + got, end, size, signal);
        if (part.length === 0) throw new FrameSourceError('truncated', { size: start + got, needed: end });
        bytes.set(part.subarray(0, bytes.length - got), got);
        got += part.length;
      }
      return bytes;
    },
  };
}

async function readPart(fetchFn: typeof fetch, url: string, start: number, end: number, size: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const answer = await ask(fetchFn, url, `bytes=${start}-${end - 1}`, signal);
  if (answer.status !== 206) {
    await answer.body?.cancel();
    if (answer.status === 416) throw new FrameSourceError('truncated', { size, needed: end });
    throw new FrameSourceError(answer.status === 200 ? 'no_range_support' : 'network', { status: answer.status });
  }
  if (parseContentRange(answer.headers.get('Content-Range'))?.start !== start) {
    await answer.body?.cancel();
    throw new FrameSourceError('no_range_support', {});
  }
  try {
    return new Uint8Array(await answer.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw new FrameSourceError('closed', {}, { cause: error });
    throw new FrameSourceError('network', { status: answer.status }, { cause: error });
  }
}
