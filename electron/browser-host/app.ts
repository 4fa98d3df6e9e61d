import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { maxInMemoryFileBytes } from '../../shared/contract/evidence-calls';
import { deskFailure, missingCaseError, type DeskErrorCode, type DeskResult } from '../../shared/contract/errors';
import { createLogger } from '../../shared/logger';
import { dispatchDeskCall, type DeskHandlers } from '../services/desk-dispatch';
import { createRendererAssets } from '../services/renderer-assets';
import { securityHeaders } from '../services/security-headers';

const log = createLogger('browser-host');

/** A desk call body larger than this is refused before it is parsed. */
const maxCallBytes = 1024 * 1024;

/** What the browser host needs to answer requests. */
export interface BrowserHostOptions {
  /** The per-run secret every desk call must present as `Authorization: Bearer <token>`. */
  token: string;
  /** The only origin allowed to call, such as `http://127.0.0.1:5123`. */
  origin: string;
  rendererDir: string;
  handlers: DeskHandlers;
  /** The case service's origin now, which the renderer may call (CSP connect-src); it follows a change in Settings. */
  serviceOrigin: () => string | null;
  /**
   * Evidence media, served at `/media/<sha256>[/thumbnail|/poster]?key=<mediaKey>`. Media elements
   * cannot send the bearer token, so media URLs carry this second per-run secret, which reads
   * store objects and nothing else.
   */
  media: { key: string; handler: (request: Request) => Promise<Response> };
  /** Streams an upload into an open ingestion job; null when there is no such open job. */
  upload: (jobId: string, name: string, sizeBytes: number | null, body: ReadableStream<Uint8Array>) => Promise<unknown> | null;
}

/** The HTTP status that goes with each error code, so scripts can rely on it as well. */
export function httpStatusFor(code: DeskErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'unauthorized':
      return 401;
    case 'forbidden_origin':
    case 'forbidden':
      return 403;
    case 'unknown_call':
      return 404;
    case 'payload_too_large':
      return 413;
    case 'bad_request':
      return 400;
    case 'internal':
      return 500;
    case 'host_unavailable':
      return 503;
    case 'desk_locked':
      return 423;
    default:
      throw missingCaseError(code);
  }
}

function reply(c: Context, result: DeskResult<unknown>) {
  return c.json(result, result.ok ? 200 : httpStatusFor(result.error.code));
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The browser host's request handling: the renderer's files, and the desk calls behind a token
 * and an origin check. Anything that is not the app's own origin on loopback is refused, which
 * also stops a DNS-rebinding page from reaching the calls through a foreign host name.
 */
export function createBrowserHostApp(options: BrowserHostOptions): Hono {
  const app = new Hono();
  const expectedHost = new URL(options.origin).host;

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaders(options.serviceOrigin()))) c.res.headers.set(name, value);
  });

  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.header('host') !== expectedHost || (origin !== undefined && origin !== options.origin)) {
      log.warn('refused a request from a foreign origin', { host: c.req.header('host'), origin });
      return reply(
        c,
        deskFailure('forbidden_origin', `Only ${options.origin} may use this Dispute Desk; the request came from elsewhere.`),
      );
    }
    await next();
  });

  const requireToken = async (c: Context, next: () => Promise<void>) => {
    const presented = c.req.header('authorization')?.replace(/^Bearer /, '') ?? '';
    if (!sameSecret(presented, options.token)) {
      return reply(
        c,
        deskFailure('unauthorized', 'This call needs the token printed when Dispute Desk started; open the full address it printed.'),
      );
    }
    await next();
  };

  app.on(['GET', 'HEAD'], '/media/*', async (c) => {
    if (!sameSecret(c.req.query('key') ?? '', options.media.key)) {
      return reply(c, deskFailure('unauthorized', 'Evidence is served only to this Dispute Desk window; reload it from the address printed at start.'));
    }
    return options.media.handler(c.req.raw);
  });

  // Uploads stream straight into the store: no body limit here, the store's own cap applies.
  app.post('/api/evidence/upload/:jobId', requireToken, async (c) => {
    const name = c.req.query('name') ?? '';
    const size = Number(c.req.query('size'));
    const body = c.req.raw.body;
    if (name === '' || body === null) return reply(c, deskFailure('bad_request', 'An upload needs ?name= and a body.'));
    const outcome = options.upload(c.req.param('jobId') ?? '', name, Number.isSafeInteger(size) && size >= 0 ? size : null, body);
    if (outcome === null) return reply(c, deskFailure('bad_request', 'There is no open ingestion job with that id; start one with evidence.ingest.'));
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true, value: await outcome });
  });

  // `evidence.ingestBytes` over HTTP: the bytes are the body (JSON cannot carry them), checked by
  // the same dispatch as over IPC. The page's own uploads stream through the route above instead.
  app.post(
    '/api/evidence/bytes/:jobId',
    requireToken,
    bodyLimit({
      maxSize: maxInMemoryFileBytes,
      onError: (c) =>
        reply(
          c,
          deskFailure('payload_too_large', `A file brought in from memory may be at most ${maxInMemoryFileBytes / 1024 / 1024} MiB. Save it to disk and bring the saved file in instead.`),
        ),
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const result = await dispatchDeskCall(options.handlers, 'evidence.ingestBytes', { jobId: c.req.param('jobId'), name: c.req.query('name') ?? '', bytes });
      c.header('Cache-Control', 'no-store');
      return reply(c, result);
    },
  );

  app.post(
    '/api/call/:name',
    requireToken,
    bodyLimit({
      maxSize: maxCallBytes,
      onError: (c) =>
        reply(c, deskFailure('payload_too_large', `A desk call may carry at most ${maxCallBytes} bytes.`)),
    }),
    async (c) => {
      let payload: unknown;
      try {
        payload = await c.req.json();
      } catch {
        return reply(c, deskFailure('bad_request', 'The request body must be JSON.'));
      }
      const result = await dispatchDeskCall(options.handlers, c.req.param('name'), payload);
      c.header('Cache-Control', 'no-store');
      return reply(c, result);
    },
  );

  app.all('/api/*', (c) => reply(c, deskFailure('unknown_call', 'Desk calls are POST /api/call/<name>.')));
  app.route('/', createRendererAssets(options.rendererDir, options.serviceOrigin));
  return app;
}
