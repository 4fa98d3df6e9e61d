import type { SessionRecord } from './db';

/** A signed-in case manager, for the data layer's tests. */
export const testSession: SessionRecord = {
  key: 'session',
  serviceUrl: 'http://127.0.0.1:4000',
  token: 't',
  user: { id: 'u-cm-1', name: 'Ana', role: 'case_manager' },
  expiresAt: '2030-01-01T00:00:00.000Z',
};

/** A JSON answer as the case service would send it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
