import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { createLogger, setLogContext } from '../shared/logger';

const log = createLogger('http');

const requests = new AsyncLocalStorage<{ requestId: string }>();
setLogContext(() => requests.getStore());

// What a caller's own request id may be: short, and characters that cannot forge a log line.
const wellFormedId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the request being answered now (for a route that writes its answer on the raw response itself). */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is well formed, else a new one),
 * echoes it in the response header, and puts it on every log line written while the request is
 * answered; with `accessLog`, ends with one line for the answer itself.
 */
export function requestLog(accessLog: boolean): MiddlewareHandler {
  return async (c, next) => {
    const offered = c.req.header('x-request-id');
    const requestId = offered !== undefined && wellFormedId.test(offered) ? offered : randomUUID();
    const started = performance.now();
    await requests.run({ requestId }, async () => {
      await next();
      c.res.headers.set('X-Request-Id', requestId);
      if (!accessLog) return;
      log.info('answered', {
        method: c.req.method,
        // A path is the caller's text: bounded so a long one cannot grow the log.
        path: c.req.path.slice(0, 200),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    });
  };
}
