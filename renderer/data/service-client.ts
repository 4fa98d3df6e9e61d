import { z } from 'zod';
import {
  auditPageSchema,
  auditSchemaVersion,
  healthResponseSchema,
  loginResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  serviceErrorSchema,
  syncSchemaVersion,
  teamResponseSchema,
  teamSettingsRequestSchema,
  type AuditPage,
  type HealthResponse,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type TeamResponse,
  type TeamSettings,
} from '../../shared/sync/protocol';
import { signInLocksResponseSchema, type SignInLocksResponse } from '../../shared/sync/sign-in-locks';

/**
 * Why talking to the case service failed, in words the status bar can show. `status` is the HTTP
 * status when the service answered (none when the request never got an answer), `retryAfterMs`
 * what its `Retry-After` asked for.
 */
export type ServiceFailure = { kind: 'offline' | 'signed_out' | 'update_required' | 'refused' | 'bad_data'; message: string; status?: number; retryAfterMs?: number };

/** A `Retry-After` value (seconds, or an HTTP date) as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** An answer from the case service, or why there is none. */
export type ServiceResult<T> = { ok: true; value: T } | { ok: false; failure: ServiceFailure };

async function call<S extends z.ZodType>(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  schema: S,
): Promise<ServiceResult<z.output<S>>> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch {
    // No answer at all: offline work, which the status bar shows and the next sync retries.
    return { ok: false, failure: { kind: 'offline', message: 'The case service cannot be reached. Work continues offline.' } };
  }
  // A body that is not JSON is answered below: by its status, or as data this version cannot read.
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = serviceErrorSchema.safeParse(body);
    const message = error.success ? error.data.error.message : `The case service answered HTTP ${response.status}.`;
    const code = error.success ? error.data.error.code : undefined;
    const answer = { status: response.status, retryAfterMs: retryAfterMs(response.headers.get('Retry-After')) };
    if (code === 'token_expired' || code === 'unauthorized') return { ok: false, failure: { kind: 'signed_out', message, ...answer } };
    if (code === 'schema_version_unsupported') return { ok: false, failure: { kind: 'update_required', message, ...answer } };
    if (response.status >= 500) return { ok: false, failure: { kind: 'offline', message, ...answer } };
    return { ok: false, failure: { kind: 'refused', message, ...answer } };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      failure: { kind: 'bad_data', message: 'The case service sent data this version cannot read. Nothing was changed; try again or update the app.' },
    };
  }
  return { ok: true, value: parsed.data };
}

/** How long a health check waits: a service that takes longer is as good as gone for the status bar. */
const healthTimeoutMs = 5_000;

/** Asks the case service whether it answers, and what it is. */
export function checkHealth(fetchImpl: typeof fetch, serviceUrl: string): Promise<ServiceResult<HealthResponse>> {
  return call(fetchImpl, new URL('/health', serviceUrl).toString(), { signal: AbortSignal.timeout(healthTimeoutMs) }, healthResponseSchema);
}

/** Signs in to the case service. */
export function login(fetchImpl: typeof fetch, serviceUrl: string, username: string, password: string) {
  return call(
    fetchImpl,
    new URL('/auth/login', serviceUrl).toString(),
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) },
    loginResponseSchema,
  );
}

/** Pulls one page of changes after `cookie`. The page is checked whole before anyone uses it. */
export function pullPage(
  fetchImpl: typeof fetch,
  session: { serviceUrl: string; token: string },
  request: { clientId: string; cookie: number | null; ackedMutationId: number; limit: number },
): Promise<ServiceResult<PullResponse>> {
  return call(
    fetchImpl,
    new URL('/sync/pull', session.serviceUrl).toString(),
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ schemaVersion: syncSchemaVersion, ...request }),
    },
    pullResponseSchema,
  );
}

/** Pushes this client's pending changes, in order. */
export function pushMutations(
  fetchImpl: typeof fetch,
  session: { serviceUrl: string; token: string },
  clientId: string,
  mutations: Mutation[],
): Promise<ServiceResult<PushResponse>> {
  return call(
    fetchImpl,
    new URL('/sync/push', session.serviceUrl).toString(),
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId, mutations }),
    },
    pushResponseSchema,
  );
}

/**
 * Reads one page of the audit log after `after`. A page from a newer audit version is refused
 * before its entries are read: half-understood entries would verify as tampered.
 */
export async function fetchAuditPage(
  fetchImpl: typeof fetch,
  session: { serviceUrl: string; token: string },
  after: number,
  limit: number,
): Promise<ServiceResult<AuditPage>> {
  const url = new URL('/audit', session.serviceUrl);
  url.searchParams.set('after', String(after));
  url.searchParams.set('limit', String(limit));
  const raw = await call(fetchImpl, url.toString(), { headers: { Authorization: `Bearer ${session.token}` } }, z.object({ schemaVersion: z.number() }).loose());
  if (!raw.ok) return raw;
  if (raw.value.schemaVersion !== auditSchemaVersion) {
    const message =
      raw.value.schemaVersion > auditSchemaVersion
        ? `The case service keeps its audit log in version ${raw.value.schemaVersion}; this app reads version ${auditSchemaVersion}. Update Dispute Desk to read and verify it. Nothing stored here was changed.`
        : `The case service sent audit version ${raw.value.schemaVersion}, older than this app reads (${auditSchemaVersion}). Ask your administrator to update the case service.`;
    return { ok: false, failure: { kind: 'update_required', message } };
  }
  const page = auditPageSchema.safeParse(raw.value);
  if (!page.success) {
    return { ok: false, failure: { kind: 'bad_data', message: 'The case service sent an audit page this version cannot read. Nothing was changed; try again or update the app.' } };
  }
  return { ok: true, value: page.data };
}

/** The team: every member's id, name and role. */
export function fetchTeam(fetchImpl: typeof fetch, session: { serviceUrl: string; token: string }): Promise<ServiceResult<TeamResponse>> {
  return call(fetchImpl, new URL('/team', session.serviceUrl).toString(), { headers: { Authorization: `Bearer ${session.token}` } }, teamResponseSchema);
}

/** How long a sign-out waits for the service to revoke the token: offline, the desk signs out without it. */
const logoutTimeoutMs = 5_000;

/** Ends the session on the case service, so its token is refused from then on. */
export function logout(fetchImpl: typeof fetch, session: { serviceUrl: string; token: string }): Promise<ServiceResult<undefined>> {
  return call(
    fetchImpl,
    new URL('/auth/logout', session.serviceUrl).toString(),
    { method: 'POST', headers: { Authorization: `Bearer ${session.token}` }, signal: AbortSignal.timeout(logoutTimeoutMs) },
    z.undefined(),
  );
}

/** The accounts locked after too many failed sign-ins, for a team lead. */
export function fetchSignInLocks(fetchImpl: typeof fetch, session: { serviceUrl: string; token: string }): Promise<ServiceResult<SignInLocksResponse>> {
  return call(fetchImpl, new URL('/auth/locks', session.serviceUrl).toString(), { headers: { Authorization: `Bearer ${session.token}` } }, signInLocksResponseSchema);
}

/** Lifts the sign-in lock on one account (team leads only). */
export function unlockAccount(fetchImpl: typeof fetch, session: { serviceUrl: string; token: string }, userId: string): Promise<ServiceResult<{ unlocked: boolean }>> {
  return call(
    fetchImpl,
    new URL('/auth/unlock', session.serviceUrl).toString(),
    { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` }, body: JSON.stringify({ userId }) },
    z.object({ unlocked: z.boolean() }),
  );
}

/** Changes the team's settings (team leads only): how long desks keep closed disputes. */
export function changeTeamSettings(fetchImpl: typeof fetch, session: { serviceUrl: string; token: string }, settings: TeamSettings): Promise<ServiceResult<TeamSettings>> {
  return call(
    fetchImpl,
    new URL('/team/settings', session.serviceUrl).toString(),
    { method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` }, body: JSON.stringify(settings) },
    teamSettingsRequestSchema,
  );
}
