import type { Page, Request } from '@playwright/test';

/**
 * Playwright's `networkidle` never comes once the desk is signed in: the poke channel
 * (`GET /events`, issue 21) is a request that stays open for as long as the desk does. This
 * watches a page's requests from the moment it is called, leaving out that one stream, and
 * answers "has nothing else been in flight for `quietMs`?". Call it right after the page is made,
 * before anything loads, so no request is missed.
 */
export function watchNetwork(page: Page, ignore: RegExp = /\/events(?:\?|$)/): (quietMs?: number, timeoutMs?: number) => Promise<void> {
  const inFlight = new Set<Request>();
  let lastChange = Date.now();
  page.on('request', (request) => {
    if (ignore.test(request.url())) return;
    inFlight.add(request);
    lastChange = Date.now();
  });
  const settled = (request: Request) => {
    if (inFlight.delete(request)) lastChange = Date.now();
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);

  return async (quietMs = 500, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size > 0 || Date.now() - lastChange < quietMs) {
      if (Date.now() > deadline) {
        throw new Error(`the network did not go quiet within ${timeoutMs} ms: ${[...inFlight].map((request) => request.url()).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}
