// A `fetch` over one file on disk that answers `Range` as the media handler does, for tests of the
// frame source under Node: `bytes=a-b` and `bytes=a-` get a 206 streamed from the file, a start past
// the end a 416, no Range the whole file (200). It records each Range asked for and counts the
// bytes the reader actually took, since an open-ended request is stopped once the reader has enough.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseByteRange } from '../../shared/http/byte-range';

export interface FileFetch {
  fetch: typeof fetch;
  /** Each request's Range header, `whole` when there was none. */
  asked: string[];
  /** Bytes handed to the reader so far, over every request. */
  delivered(): number;
}

/**
 * `cap` answers at most that many bytes per request, with a shorter 206, as the media handler does
 * for a download still arriving: the reader must ask on from where the answer stopped.
 */
export function fileFetch(file: string, options: { cap?: number } = {}): FileFetch {
  const asked: string[] = [];
  let delivered = 0;
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('Range');
    asked.push(range ?? 'whole');
    if (init?.signal?.aborted) throw new DOMException('The request was aborted.', 'AbortError');
    const { size } = await stat(file);
    // The project's own reading of Range, as the media handler's; a shape it ignores is a reader bug here.
    const byteRange = parseByteRange(range, size);
    if (range && byteRange === undefined) throw new Error(`the reader asked for ${range}`);
    if (byteRange === 'unsatisfiable' || size === 0) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
    const { start } = byteRange ?? { start: 0 };
    const wanted = byteRange?.end ?? size - 1;
    const end = byteRange && options.cap ? Math.min(wanted, start + options.cap - 1) : wanted;
    const stream = createReadStream(file, { start, end, highWaterMark: 64 * 1024 });
    init?.signal?.addEventListener('abort', () => stream.destroy(), { once: true });
    stream.on('data', (chunk) => (delivered += chunk.length));
    const headers: Record<string, string> = { 'Content-Length': String(end - start + 1) };
    if (byteRange) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: byteRange ? 206 : 200, headers });
  }) as typeof fetch;
  return { fetch: fetchFn, asked, delivered: () => delivered };
}
