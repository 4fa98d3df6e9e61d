import { request, type Agent } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Hosts where parties usually share large evidence, allowed until a team changes the list in
 * settings. Subdomains of a listed host are allowed too (`dl.dropboxusercontent.com`).
 */
export const defaultLinkHosts = ['drive.google.com', 'dropbox.com', 'dropboxusercontent.com', 'onedrive.live.com', '1drv.ms', 'wetransfer.com', 'icloud.com', 'box.com'];

/** A link's verdict: the normalised URL, or why the desk will neither open nor fetch it. */
export type LinkCheck = { ok: true; url: string; host: string } | { ok: false; reason: string };

function hostAllowed(host: string, allowed: string[]): boolean {
  return allowed.some((entry) => {
    const listed = entry.trim().toLowerCase().replace(/^\.+/, '');
    return listed !== '' && (host === listed || host.endsWith(`.${listed}`));
  });
}

/**
 * Checks an external evidence link against the seed's alternative to uploads: https only, no
 * user name or password in it, and a host on the team's allow-list. A link that fails is never
 * opened or fetched.
 */
export function checkLink(raw: string, allowedHosts: string[]): LinkCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'This is not a web address. Ask the party for the full link, starting with https://.' };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, reason: `Only https links are accepted; this one is ${url.protocol.replace(':', '')}. Ask the party for a secure link.` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'The link carries a user name or password. Ask the party for a share link without credentials.' };
  }
  const host = url.hostname.toLowerCase();
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    return { ok: false, reason: 'The link points at a bare IP address, not a file-sharing service. Ask the party for a share link.' };
  }
  if (!hostAllowed(host, allowedHosts)) {
    return {
      ok: false,
      reason: `${host} is not on the team's list of file-sharing hosts (Settings → Evidence links). Add it there if it is trusted.`,
    };
  }
  return { ok: true, url: url.toString(), host };
}

/** A download's response body, its announced size and its file name. */
export interface Download {
  body: IncomingMessage;
  sizeBytes: number | null;
  fileName: string;
}

/** Thrown when a link cannot be fetched; the message says why and what to do. */
export class DownloadError extends Error {}

const maxRedirects = 5;
const connectTimeoutMs = 30_000;

function fileNameFrom(response: IncomingMessage, url: URL): string {
  const disposition = response.headers['content-disposition'] ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  if (plain) return plain[1]!;
  return decodeURIComponent(url.pathname.split('/').at(-1) ?? '') || 'download';
}

/**
 * Opens a checked link for streaming. Redirects are followed only to hosts that pass the same
 * check; an announced size over `maxBytes` is refused before any byte is read.
 */
export async function openDownload(checked: { url: string }, allowedHosts: string[], maxBytes: number, options: { agent?: Agent; signal?: AbortSignal } = {}): Promise<Download> {
  let url = new URL(checked.url);
  for (let hop = 0; hop <= maxRedirects; hop += 1) {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { method: 'GET', agent: options.agent, signal: options.signal, timeout: connectTimeoutMs }, resolve);
      req.on('timeout', () => req.destroy(new DownloadError(`${url.host} did not answer within ${connectTimeoutMs / 1000} s. Try again later.`)));
      req.on('error', (error) => reject(error instanceof DownloadError ? error : new DownloadError(`${url.host} could not be reached (${error.message}).`)));
      req.end();
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      const next = checkLink(new URL(response.headers.location, url).toString(), allowedHosts);
      if (!next.ok) throw new DownloadError(`The link redirects somewhere the desk will not follow: ${next.reason}`);
      url = new URL(next.url);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new DownloadError(`${url.host} answered ${status} for this link. Check that the link is still shared, or ask the party for a new one.`);
    }
    const length = Number(response.headers['content-length']);
    const sizeBytes = Number.isFinite(length) && length >= 0 ? length : null;
    if (sizeBytes !== null && sizeBytes > maxBytes) {
      response.destroy();
      throw new DownloadError(`The file behind the link is ${sizeBytes} bytes, over the ${maxBytes} the desk takes for one file.`);
    }
    return { body: response, sizeBytes, fileName: fileNameFrom(response, url) };
  }
  throw new DownloadError(`The link redirected more than ${maxRedirects} times. Ask the party for a direct share link.`);
}
