/**
 * Runs `next` once the browser has nothing else to do (at the latest after `timeoutMs`); returns
 * a cancel. Electron's and Debian's Chromium both have requestIdleCallback; the test DOM may not,
 * and gets a timer instead.
 */
export function whenIdle(next: () => void, target: Window = window, timeoutMs = 5_000): () => void {
  if (typeof target.requestIdleCallback === 'function') {
    const handle = target.requestIdleCallback(next, { timeout: timeoutMs });
    return () => target.cancelIdleCallback(handle);
  }
  const handle = setTimeout(next, 1_000);
  return () => clearTimeout(handle);
}
