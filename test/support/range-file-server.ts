// Answers an HTTP request for a file as a media server does: a `Range` request gets its bytes
// (206), an unsatisfiable one a 416, none the whole file. For journeys that serve test media to
// Chromium from 127.0.0.1 (a secure context, which WebCodecs needs) without the app's host.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import { parseByteRange } from '../../shared/http/byte-range';

/** `onSent` hears the size of each piece of the file as it is read for sending. */
export async function answerWithRange(file: string, request: http.IncomingMessage, response: http.ServerResponse, onSent?: (bytes: number) => void): Promise<void> {
  const size = (await stat(file)).size;
  const range = parseByteRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    response.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', 'Content-Length': Math.max(0, end - start + 1) };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  response.writeHead(range ? 206 : 200, headers);
  if (size === 0) {
    response.end();
    return;
  }
  // Streamed: the player asks for `bytes=N-` and stops reading once it has what it needs.
  const stream = createReadStream(file, { start, end });
  response.on('close', () => stream.destroy());
  if (onSent) stream.on('data', (chunk) => onSent(chunk.length));
  stream.pipe(response);
}
