import { z } from 'zod';

/** Where transfers go and as whom: the case service's origin and the signed-in user's token. */
export interface TransferTarget {
  serviceUrl: string;
  token: string;
  /** The fetch to use; tests wrap the real one to cut the network at a chosen moment. */
  fetch?: typeof fetch;
}

/** One JSON call's outcome: the parsed body, or why not (status null when nothing answered). */
export type ServiceCallResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number | null; code: string | null; message: string };

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** A request's parts beyond method and path. */
export interface ServiceCallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  body?: Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request to the case service with the bearer token and reads its JSON answer or error. */
export async function serviceCall(target: TransferTarget, path: string, options: ServiceCallOptions): Promise<ServiceCallResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${target.token}`, ...options.headers };
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    body = options.body as Uint8Array<ArrayBuffer>;
  }
  let response: Response;
  try {
    response = await (target.fetch ?? fetch)(new URL(path, target.serviceUrl), { method: options.method, headers, body, signal: options.signal });
  } catch (error) {
    return { ok: false, status: null, code: null, message: (error as Error).message };
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // An answer without JSON (a proxy's page, an empty body) still has its status.
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed };
  const error = errorBodySchema.safeParse(parsed);
  return error.success
    ? { ok: false, status: response.status, code: error.data.error.code, message: error.data.error.message }
    : { ok: false, status: response.status, code: null, message: `HTTP ${response.status}` };
}
