import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { deskFailure } from '../../shared/contract/errors';
import { createLogger } from '../../shared/logger';

const log = createLogger('browser-host-server');

/** What the browser host's HTTP server needs: the app's answer, and the headers every answer carries. */
export interface BrowserHostServerOptions {
  /** The app's answer to a request that parsed; null while the host is still starting. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** The security headers (CSP and the rest) as they stand now. */
  headers: () => Readonly<Record<string, string>>;
}

function withHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    // A response whose headers are immutable is copied with the headers added.
    const merged = new Headers(response.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
  }
}

function jsonFailure(status: number, message: string, headers: Readonly<Record<string, string>>): Response {
  const code = status >= 500 ? 'internal' : 'bad_request';
  return new Response(JSON.stringify(deskFailure(code, message)), {
    status,
    headers: { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}

/** The status and words for a request Node's HTTP parser refused before any handler saw it. */
function clientErrorStatus(code: string | undefined): { status: number; reason: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, reason: 'Request Timeout' };
  return { status: 400, reason: 'Bad Request' };
}

/** A whole HTTP/1.1 response, written on a socket no request object exists for. */
function rawResponse(status: number, reason: string, body: string, headers: Readonly<Record<string, string>>): string {
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Content-Type: application/json',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * The browser host's HTTP server. Every answer carries the security headers, including those no
 * route produces: a request line or header Node's parser refuses (answered here rather than by
 * Node's bare 400), a Host or path the request adapter cannot turn into a URL, and a handler that
 * throws. The routes' own answers get the same headers from the app.
 */
export function createBrowserHostServer(options: BrowserHostServerOptions): Server {
  const listener = getRequestListener(
    async (request: Request) => {
      try {
        return withHeaders(await options.fetch(request), options.headers());
      } catch (error) {
        log.error('a request failed', { path: new URL(request.url).pathname, error: String(error), stack: (error as Error).stack });
        return jsonFailure(500, 'Dispute Desk could not answer this request; the log file has the details.', options.headers());
      }
    },
    {
      // Only a request the adapter could not build lands here (a Host or target that is no URL).
      errorHandler: (error) => {
        log.warn('refused a request that is not a valid URL', { error: String(error) });
        return jsonFailure(400, 'The request’s Host or path is not valid; open the address Dispute Desk printed.', options.headers());
      },
    },
  );
  // Without this Node answers a request with no Host itself, bare; the adapter refuses it here instead.
  const server = createServer({ requireHostHeader: false }, listener);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, reason } = clientErrorStatus(error.code);
    log.warn('refused a malformed HTTP request', { code: error.code, status });
    const body = JSON.stringify(deskFailure('bad_request', 'The request was not valid HTTP; open the address Dispute Desk printed.'));
    socket.end(rawResponse(status, reason, body, options.headers()));
  });
  return server;
}
