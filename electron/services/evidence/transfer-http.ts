import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  let status: number;
  let text: string;
  try {
    // A part's bytes go through Node's HTTP client, which writes the buffer to the socket as it
    // is; fetch moved an 8 MiB body at a fraction of that speed. An injected fetch (tests that cut
    // the network) and small JSON calls go through fetch.
    if (target.fetch === undefined && options.body !== undefined) {
      ({ status, text } = await sendBytes(new URL(path, target.serviceUrl), options.method, headers, options.body, options.signal));
    } else {
      const response = await (target.fetch ?? fetch)(new URL(path, target.serviceUrl), { method: options.method, headers, body, signal: options.signal });
      status = response.status;
      text = await response.text();
    }
  } catch (error) {
    return { ok: false, status: null, code: null, message: (error as Error).message };
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // An answer without JSON (a proxy's page, an empty body) still has its status.
  }
  if (status >= 200 && status < 300) return { ok: true, status, body: parsed };
  const error = errorBodySchema.safeParse(parsed);
  return error.success
    ? { ok: false, status, code: error.data.error.code, message: error.data.error.message }
    : { ok: false, status, code: null, message: `HTTP ${status}` };
}

/** One request with a body of bytes through Node's HTTP client: its status and its answer as text. */
function sendBytes(url: URL, method: string, headers: Record<string, string>, body: Uint8Array, signal: AbortSignal | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method, headers: { ...headers, 'content-length': String(body.byteLength) }, signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.once('error', reject);
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}
