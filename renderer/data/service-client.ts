import { z } from 'zod';
import {
  loginResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  serviceErrorSchema,
  syncSchemaVersion,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '../../shared/sync/protocol';

/** Why talking to the case service failed, in words the status bar can show. */
export type ServiceFailure =
  | { kind: 'offline'; message: string }
  | { kind: 'signed_out'; message: string }
  | { kind: 'update_required'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'bad_data'; message: string };

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
    return { ok: false, failure: { kind: 'offline', message: 'The case service cannot be reached. Work continues offline.' } };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = serviceErrorSchema.safeParse(body);
    const message = error.success ? error.data.error.message : `The case service answered HTTP ${response.status}.`;
    const code = error.success ? error.data.error.code : undefined;
    if (code === 'token_expired' || code === 'unauthorized') return { ok: false, failure: { kind: 'signed_out', message } };
    if (code === 'schema_version_unsupported') return { ok: false, failure: { kind: 'update_required', message } };
    if (response.status >= 500) return { ok: false, failure: { kind: 'offline', message } };
    return { ok: false, failure: { kind: 'refused', message } };
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
