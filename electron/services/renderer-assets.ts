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
    // Vite names every file under assets/ by a hash of its content, so a copy is good for ever and
    // the browser keeps its compiled code too: a start after the first parses no script again
    // (issue 20). index.html, which names them, and the fallback to it are asked for every time.
    const hashed = c.req.path.startsWith('/assets/') && c.res.status === 200 && !c.res.headers.get('content-type')?.startsWith('text/html');
    c.res.headers.set('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  assets.get('*', serveStatic({ root: rendererDir }));
  assets.get('*', serveStatic({ root: rendererDir, path: 'index.html' }));
  return assets;
}
