/**
 * The content security policy both hosts send with the renderer. Scripts come only from the app
 * itself; inline styles are allowed because the component library sets CSS variables in a style
 * element at run time (docs/decisions/0002-component-library.md). No frames, no plugins, no
 * form posts, no base-URI tricks. Network calls go to the app's own origin and to the case
 * service it syncs with, nowhere else.
 */
export function contentSecurityPolicy(serviceOrigin: string | null = null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // evidence: is the Electron host's media scheme; the browser host serves media from 'self'.
    "img-src 'self' data: blob: evidence:",
    "media-src 'self' blob: evidence:",
    "font-src 'self' data:",
    // The frame-exact player reads evidence media with ranged fetch() (decision 0025), so the
    // Electron host's evidence: scheme is a place the renderer connects to as well.
    `connect-src 'self' evidence:${serviceOrigin ? ` ${serviceOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response to the renderer carries, in either host. */
export function securityHeaders(serviceOrigin: string | null = null): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(serviceOrigin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** The origin of a configured case service URL, for the CSP; null when none is configured. */
export function serviceOriginOf(serviceUrl: string | null): string | null {
  return serviceUrl ? new URL(serviceUrl).origin : null;
}
