import { constants as fsConstants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseByteRange } from '../../../shared/http/byte-range';
import type { ArrivingObject } from '../transfer-manager';
import { createLogger } from '../../../shared/logger';
import { SealedFileError } from '../at-rest/sealed-file';
import { openObjectReader, sealedObjectName, type ObjectReader, type StoreSealing } from './object-reader';

const log = createLogger('media-handler');

/** What the media handler needs from the app: where the store is and each object's media type. */
export interface MediaHandlerOptions {
  /** The content-addressed store's root folder (the one holding `objects/` and `derived/`). */
  storeRoot: string;
  /** The sniffed media type recorded for an object, if any; `application/octet-stream` otherwise. */
  mediaTypeOf(sha256: string): string | undefined | Promise<string | undefined>;
  /**
   * The one origin allowed to read the bytes back (CORS), for a host whose media scheme is not
   * the page's origin: Electron's `evidence:` under `app://desk`. Same-origin hosts leave it out.
   */
  allowOrigin?: string;
  /**
   * A download of the object still under way (the transfer manager's), so a video can play
   * before it has all arrived: ranges already written are read from the partial file, the others
   * fetched from the case service.
   */
  arriving?(sha256: string): ArrivingObject | undefined;
  /**
   * The desk key's store keys, when the store seals its objects (decision 0036): an object is then
   * looked for under its keyed name first, and a sealed one is served decrypted, each range
   * decrypting only the chunks it touches.
   */
  sealing?: StoreSealing;
}

const hashPattern = /^[0-9a-f]{64}$/;
// Derived files at `derived/ab/<sha256>/<file>`: pictures of the object, and a playable copy of
// a video Chromium cannot play.
const derivedFiles: Record<string, { file: string; mediaType: string }> = {
  thumbnail: { file: 'thumbnail.webp', mediaType: 'image/webp' },
  poster: { file: 'poster.webp', mediaType: 'image/webp' },
  playable: { file: 'playable.mp4', mediaType: 'video/mp4' },
};
// Nothing in the store ever changes under its name: objects are named by their content, and a
// derived file by the content it was derived from.
const cacheControl = 'private, max-age=31536000, immutable';
// Refuse a symlink as the last path component at open time too, so the file opened is the one
// whose real path was checked (O_NOFOLLOW does not exist on Windows).
const openFlags = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0);
const absentCodes = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);

interface MediaTarget {
  sha256: string;
  /** `thumbnail`, `poster` or `playable`; undefined for the object itself. */
  variant?: string;
}

/**
 * Creates the `evidence` media handler: one web-standard function that Electron's
 * `protocol.handle('evidence', …)` and the browser host's Hono route both call.
 *
 * Accepted URLs (only the pathname is read; query and fragment are ignored):
 * - `evidence://media/<sha256>`, `evidence://media/<sha256>/thumbnail`, `…/poster` — the host
 *   is `media` and the pathname is `/<sha256>[/variant]`;
 * - `<any origin>/…/media/<sha256>`, `…/media/<sha256>/thumbnail`, `…/media/<sha256>/poster` —
 *   the segments after the last `media` segment, so the browser host may mount it under a prefix.
 * `<sha256>` is exactly 64 lowercase hex digits; any other shape is a 400. The file path is built
 * from the validated digest alone, and its real path must lie inside the store's real path.
 *
 * GET and HEAD only. `Range: bytes=a-b`, `bytes=a-` and `bytes=-n` get a 206; a range that
 * cannot be satisfied gets a 416. A request for several ranges gets the whole object with 200:
 * media players ask for one range at a time, and a multipart/byteranges body is not worth its
 * code for them. A Range in another unit or malformed beyond reading is ignored (RFC 9110 §14.2).
 */
export function createMediaHandler(options: MediaHandlerOptions): (request: Request) => Promise<Response> {
  return async function handleMediaRequest(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Only GET and HEAD are allowed.', { Allow: 'GET, HEAD' });
    }
    const target = mediaTargetOf(request.url);
    if (!target) return plain(400, 'Not a media URL: expected /media/<sha256>[/thumbnail|/poster|/playable].');
    try {
      return await serve(request, target, options);
    } catch (error) {
      log.error('media request failed', { sha256: target.sha256, error: String(error) });
      return plain(500, 'The evidence file could not be read.');
    }
  };
}

function mediaTargetOf(rawUrl: string): MediaTarget | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return undefined;
  }
  // The raw (still percent-encoded) pathname: `%2e%2e` or `%2f` never becomes `..` or `/` here,
  // it just fails the digest pattern.
  const segments = url.pathname.split('/');
  const afterMedia = segments.lastIndexOf('media');
  const tail = afterMedia >= 0 ? segments.slice(afterMedia + 1) : url.hostname === 'media' ? segments.slice(1) : [];
  const [sha256, variant, ...rest] = tail;
  if (sha256 === undefined || !hashPattern.test(sha256) || rest.length > 0) return undefined;
  if (variant === undefined) return { sha256 };
  return Object.hasOwn(derivedFiles, variant) ? { sha256, variant } : undefined;
}

async function serve(request: Request, target: MediaTarget, options: MediaHandlerOptions): Promise<Response> {
  const { sha256, variant } = target;
  const opened = await openFirstInsideStore(options.storeRoot, filesOf(target, options.sealing));
  if (!opened) {
    const arriving = variant === undefined ? options.arriving?.(sha256) : undefined;
    return arriving ? serveArriving(request, sha256, arriving, options) : plain(404, 'No such evidence file.');
  }

  const { handle } = opened;
  let size = opened.size;
  // Only a sealing store holds sealed files (derived ones too): a plain store's are served as they are.
  let reader: ObjectReader | undefined;
  let handedOver = false;
  try {
    if (options.sealing) {
      try {
        reader = await openObjectReader(handle, options.sealing);
      } catch (error) {
        if (!(error instanceof SealedFileError)) throw error;
        log.error('refused to serve an evidence file that does not open', { sha256, variant, problem: error.message });
        return plain(422, `The evidence file ${sha256.slice(0, 12)}… cannot be read on this computer (${error.message}) and is not shown.`);
      }
      size = reader.size;
    }
    const headers = new Headers({
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    });
    const range = parseByteRange(request.headers.get('range'), size);
    if (range === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    const mediaType = variant ? derivedFiles[variant]!.mediaType : await options.mediaTypeOf(sha256);
    headers.set('Content-Type', mediaType ?? 'application/octet-stream');
    headers.set('Cache-Control', cacheControl);
    if (options.allowOrigin) headers.set('Access-Control-Allow-Origin', options.allowOrigin);
    headers.set('ETag', variant ? `"${sha256}-${variant}"` : `"${sha256}"`);
    const { start, end } = range ?? { start: 0, end: size - 1 };
    headers.set('Content-Length', String(end - start + 1));
    if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    const status = range ? 206 : 200;
    if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });

    if (reader?.sealed) {
      const body = await sealedBody(sha256, reader, start, end);
      if (body === null) return plain(422, `The evidence file ${sha256.slice(0, 12)}… is damaged on this computer and is not shown. Bring it in again, or fetch it again from the case service.`);
      handedOver = true;
      return new Response(body, { status, headers });
    }

    // The stream owns the handle from here: it closes it at the end, on error, and when the
    // consumer cancels (Readable.toWeb destroys the stream on cancel), so an aborted video seek
    // does not leak a file descriptor. toWeb pauses the file stream whenever its queue is full.
    const body = Readable.toWeb(handle.createReadStream({ start, end }));
    handedOver = true;
    // Node's web stream and the global one are the same class at run time; the cast is for
    // type checks that see the DOM's ReadableStream (the test project) instead of Node's.
    return new Response(body as unknown as ReadableStream<Uint8Array>, { status, headers });
  } finally {
    if (!handedOver) await handle.close();
  }
}

/** Where the target may be: a sealed object's keyed name first, then its plain name (a store not yet migrated). */
function filesOf({ sha256, variant }: MediaTarget, sealing: StoreSealing | undefined): string[] {
  const names = sealing ? [sealedObjectName(sealing, sha256), sha256] : [sha256];
  return names.map((name) =>
    variant ? path.join('derived', name.slice(0, 2), name, derivedFiles[variant]!.file) : path.join('objects', name.slice(0, 2), name),
  );
}

async function openFirstInsideStore(storeRoot: string, files: string[]): Promise<{ handle: FileHandle; size: number } | undefined> {
  for (const file of files) {
    const opened = await openInsideStore(storeRoot, path.join(storeRoot, file));
    if (opened) return opened;
  }
  return undefined;
}

/**
 * The bytes `start` to `end` of a sealed object, decrypted as the consumer reads. The first piece
 * is read before answering, so a range whose first chunk is damaged is refused (null) rather than
 * begun; a later damaged chunk ends the body with an error, logged with the object's digest.
 * The body owns the reader: it closes it at the end, on error and on cancel.
 */
async function sealedBody(sha256: string, reader: ObjectReader, start: number, end: number): Promise<ReadableStream<Uint8Array> | null> {
  const pieces = reader.read(start, end);
  const damaged = (error: unknown) => {
    if (!(error instanceof SealedFileError)) throw error;
    log.error('an evidence file is damaged on this computer', { sha256, chunk: error.chunk, problem: error.message });
  };
  let first: IteratorResult<Buffer>;
  try {
    first = await pieces.next();
  } catch (error) {
    damaged(error);
    await reader.close();
    return null;
  }
  let pending: Buffer | undefined = first.done ? undefined : first.value;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (pending) {
          controller.enqueue(pending);
          pending = undefined;
          return;
        }
        const next = await pieces.next();
        if (next.done) {
          controller.close();
          await reader.close();
        } else {
          controller.enqueue(next.value);
        }
      } catch (error) {
        await reader.close();
        try {
          damaged(error);
        } finally {
          controller.error(error);
        }
      }
    },
    async cancel() {
      await pieces.return(undefined);
      await reader.close();
    },
  });
}

/**
 * Answers a request for an object still arriving. A range that starts within what has been
 * written is answered from the partial file, up to its end (a shorter 206 is what players expect
 * and ask on from); any other request goes to the case service as a ranged GET, passed through.
 */
async function serveArriving(request: Request, sha256: string, arriving: ArrivingObject, options: MediaHandlerOptions): Promise<Response> {
  const held = arriving.bytesHeld();
  const total = arriving.bytesTotal;
  const range = total === null ? undefined : parseByteRange(request.headers.get('range'), total);
  const mediaType = (await options.mediaTypeOf(sha256)) ?? 'application/octet-stream';
  const headers = new Headers({ 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff', 'Content-Type': mediaType, 'Cache-Control': 'no-store' });
  if (options.allowOrigin) headers.set('Access-Control-Allow-Origin', options.allowOrigin);
  if (total !== null && range !== undefined && range !== 'unsatisfiable' && range.start < held) {
    const end = Math.min(range.end, held - 1);
    const handle = await open(arriving.partialPath, openFlags);
    headers.set('Content-Length', String(end - range.start + 1));
    headers.set('Content-Range', `bytes ${range.start}-${end}/${total}`);
    if (request.method === 'HEAD') {
      await handle.close();
      return new Response(null, { status: 206, headers });
    }
    const body = Readable.toWeb(handle.createReadStream({ start: range.start, end }));
    return new Response(body as unknown as ReadableStream<Uint8Array>, { status: 206, headers });
  }
  const upstream = await arriving.fetchRange(request.headers.get('range'), request.signal).catch(() => null);
  if (upstream === null || (upstream.status !== 200 && upstream.status !== 206 && upstream.status !== 416)) {
    await upstream?.body?.cancel();
    return plain(503, 'This part of the file has not arrived yet and the case service cannot be reached.');
  }
  for (const name of ['Content-Length', 'Content-Range']) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (request.method === 'HEAD') await upstream.body?.cancel();
  return new Response(request.method === 'HEAD' ? null : upstream.body, { status: upstream.status, headers });
}

/**
 * Opens `file` if its real path lies inside the store's real path (a symlink pointing out of
 * the store is refused), returning the open handle and the size it has. Undefined means 404.
 */
async function openInsideStore(storeRoot: string, file: string): Promise<{ handle: FileHandle; size: number } | undefined> {
  let realFile: string;
  let realRoot: string;
  try {
    [realFile, realRoot] = await Promise.all([realpath(file), realpath(storeRoot)]);
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
  const relative = path.relative(realRoot, realFile);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    log.warn('refused an evidence path that resolves outside the store', { file });
    return undefined;
  }
  let handle: FileHandle;
  try {
    handle = await open(realFile, openFlags);
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return undefined;
}

function isAbsent(error: unknown): boolean {
  return absentCodes.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra },
  });
}
