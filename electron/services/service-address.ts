import type { ServiceAddressProblem, ServiceAddressProblemCode } from '../../shared/contract/service-calls';
import { healthResponseSchema, syncSchemaVersion, type HealthResponse } from '../../shared/sync/protocol';

/** How long the check waits for `GET /health` to answer in full: a service slower than this is not usable. */
const defaultTimeoutMs = 5_000;
/** A health answer is a few dozen bytes; anything much longer is some other program's page. */
const maxHealthBytes = 64 * 1024;

/** An address as the user typed it, written out from its scheme (`https://…`). */
const fromScheme = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A typed address, normalised to its origin, or why it is not a case service address. */
export type ParsedServiceAddress = { ok: true; url: string } | { ok: false; problem: ServiceAddressProblem };

/** A checked address: the service's origin and what its health answer said, or why it was refused. */
export type ServiceAddressCheck = { ok: true; url: string; health: HealthResponse } | { ok: false; problem: ServiceAddressProblem };

function refuse(code: ServiceAddressProblemCode, message: string): { ok: false; problem: ServiceAddressProblem } {
  return { ok: false, problem: { code, message } };
}

/**
 * Reads a typed case service address: http or https, no user name or password, nothing after the
 * host and port but a `/`. The answer is the origin (`https://desk.example.com:8443`), the one
 * form the settings, the CSP and the renderer's session all compare.
 */
export function parseServiceAddress(text: string): ParsedServiceAddress {
  const typed = text.trim();
  let url: URL | undefined;
  try {
    url = fromScheme.test(typed) ? new URL(typed) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined) {
    return refuse('not_a_url', `"${typed}" is not a web address. Type the whole address, starting with https:// or http://, such as https://desk.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse('not_http', `A case service is reached over https or http, not ${url.protocol.replace(':', '')}.`);
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('has_credentials', 'The address carries a user name or password. Leave them out: you sign in to the case service after connecting.');
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(typed)) {
    return refuse('has_path', `Type only the service's address, ${url.origin}, with nothing after the host and port.`);
  }
  return { ok: true, url: url.origin };
}

function networkProblem(url: string, error: unknown): { ok: false; problem: ServiceAddressProblem } {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return refuse('timeout', `${url} accepted the connection but gave no answer within a few seconds. Check that it is the case service and that it is running.`);
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return refuse('unknown_host', `The name ${new URL(url).hostname} is not known to this computer's network. Check the spelling, or whether a VPN is needed.`);
  }
  const detail = code ?? (typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error));
  return refuse('unreachable', `Nothing answers at ${url} (${detail}). Check the address and that the case service is running.`);
}

/** The body as text, or undefined when it is longer than any health answer. */
async function readCapped(response: Response): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxHealthBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Checks that a typed address is a Dispute Desk case service this desk can sync with: it parses
 * (`parseServiceAddress`), `GET /health` answers in full within a few seconds with the case
 * service's health answer, and the sync schema version there is this desk's. Redirects are not
 * followed: the address saved must be the one that answers.
 */
export async function checkServiceAddress(
  text: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ServiceAddressCheck> {
  const parsed = parseServiceAddress(text);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const fetchImpl = options.fetch ?? fetch;
  let status: number;
  let location: string | null;
  let body: string | undefined;
  try {
    const response = await fetchImpl(`${url}/health`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs),
    });
    status = response.status;
    location = response.headers.get('location');
    body = await readCapped(response);
  } catch (error) {
    return networkProblem(url, error);
  }
  if (status >= 300 && status < 400) {
    return refuse('not_a_case_service', `${url} sends visitors elsewhere${location ? ` (${location})` : ''} instead of answering as a case service. Type the address of the case service itself.`);
  }
  const health = status === 200 && body !== undefined ? healthResponseSchema.safeParse(parseJson(body)) : undefined;
  if (!health?.success) {
    return refuse('not_a_case_service', `${url} answers, but not as a Dispute Desk case service (its health check answered HTTP ${status}). Check the address with whoever runs your team's service.`);
  }
  if (health.data.schemaVersion < syncSchemaVersion) {
    return refuse('service_too_old', `The case service at ${url} is older than this app (sync schema ${health.data.schemaVersion}, this app ${syncSchemaVersion}). Ask whoever runs it to update the service.`);
  }
  if (health.data.schemaVersion > syncSchemaVersion) {
    return refuse('desk_too_old', `The case service at ${url} is newer than this app (sync schema ${health.data.schemaVersion}, this app ${syncSchemaVersion}). Update Dispute Desk on this computer.`);
  }
  return { ok: true, url, health: health.data };
}
