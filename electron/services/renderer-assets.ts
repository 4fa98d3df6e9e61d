import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { securityHeaders } from './security-headers';

/**
 * Serves the built renderer as a web-standard fetch handler, used by the Electron host's
 * `app://` protocol and by the browser host alike. Paths that try to leave the folder are
 * refused by the static middleware; a path with no file falls back to index.html so a reload
 * on any screen shows the app. The CSP is built per response from `serviceOrigin()`, so the
 * reload after the user connects to another case service gets a policy naming it.
 */
export function createRendererAssets(rendererDir: string, serviceOrigin: () => string | null): Hono {
  const assets = new Hono();
  assets.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaders(serviceOrigin()))) c.res.headers.set(name, value);
  });
  assets.get('*', serveStatic({ root: rendererDir }));
  assets.get('*', serveStatic({ root: rendererDir, path: 'index.html' }));
  return assets;
}
