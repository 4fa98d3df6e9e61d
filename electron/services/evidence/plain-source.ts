import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseByteRange } from '../../../shared/http/byte-range';
import { createLogger } from '../../../shared/logger';
import type { ObjectReader } from './object-reader';

// ffmpeg and ffprobe read by path or URL, and a sealed object's file holds ciphertext (decision
// 0036). Rather than a plain copy on disk, this process serves the content to its own tools over
// loopback HTTP, with Range, at a path holding a random token: another program on this computer
// cannot guess it. The tools are told to open nothing but this URL (media-tools.ts,
// `untrustedStoredInput`).

const log = createLogger('plain-source');

const hashPattern = /^[0-9a-f]{64}$/;

/** Serves stored objects' content to this process's media tools; see the top of this file. */
export class PlainSource {
  private constructor(
    private readonly server: http.Server,
    private readonly base: string,
  ) {}

  /** Starts serving on 127.0.0.1, on a port the system picks, what `openObject` opens. */
  static async start(openObject: (sha256: string) => Promise<ObjectReader | null>): Promise<PlainSource> {
    const token = randomBytes(24).toString('hex');
    const server = http.createServer((request, response) => {
      void answer(request, response, token, openObject).catch((error: unknown) => {
        log.error('could not serve an object to a media tool', { error: String(error) });
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // It serves this process's own tools: it never keeps a command line running on its own.
    server.unref();
    const { port } = server.address() as AddressInfo;
    return new PlainSource(server, `http://127.0.0.1:${port}/${token}/`);
  }

  /** The URL a media tool reads the object of `sha256` at. */
  urlOf(sha256: string): string {
    if (!hashPattern.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    return `${this.base}${sha256}`;
  }

  /** Stops serving; reads under way are cut. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

async function answer(request: http.IncomingMessage, response: http.ServerResponse, token: string, openObject: (sha256: string) => Promise<ObjectReader | null>): Promise<void> {
  const [, given, sha256, ...rest] = (request.url ?? '').split('/');
  if (given !== token || sha256 === undefined || !hashPattern.test(sha256) || rest.length > 0) return void response.writeHead(404).end();
  if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { Allow: 'GET, HEAD' }).end();
  const reader = await openObject(sha256);
  if (!reader) return void response.writeHead(404).end();
  try {
    const range = parseByteRange(request.headers.range ?? null, reader.size);
    if (range === 'unsatisfiable') return void response.writeHead(416, { 'Content-Range': `bytes */${reader.size}` }).end();
    const { start, end } = range ?? { start: 0, end: reader.size - 1 };
    response.writeHead(range ? 206 : 200, {
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(Math.max(0, end - start + 1)),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${reader.size}` } : {}),
    });
    if (request.method === 'HEAD' || reader.size === 0) return void response.end();
    // A tool that seeks closes the connection mid-body: that ends the pipeline, and is no error.
    await pipeline(Readable.from(reader.read(start, end)), response).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') log.warn('a read for a media tool ended early', { sha256, error: String(error) });
    });
  } finally {
    await reader.close();
  }
}
