// Answers an HTTP request for a file as a media server does: a `Range` request gets its bytes
// (206), an unsatisfiable one a 416, none the whole file. For journeys that serve test media to
// Chromium from 127.0.0.1 (a secure context, which WebCodecs needs) without the app's host.
import { open, stat } from 'node:fs/promises';
import type http from 'node:http';
import { parseByteRange } from '../../shared/http/byte-range';

export async function answerWithRange(file: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const size = (await stat(file)).size;
  const range = parseByteRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    response.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const bytes = Buffer.alloc(Math.max(0, end - start + 1));
  const handle = await open(file, 'r');
  try {
    await handle.read(bytes, 0, bytes.length, start);
  } finally {
    await handle.close();
  }
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Length': bytes.length };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  response.writeHead(range ? 206 : 200, headers).end(bytes);
}
