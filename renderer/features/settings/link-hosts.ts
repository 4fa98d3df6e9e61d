import { z } from 'zod';

// A host name of two labels or more ("dropbox.com", "files.example.co.uk"): a single label such
// as "com" would let every site under it through, and a URL or a path is not a host.
const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const hostPattern = new RegExp(`^${label}(?:\\.${label})+$`);

/** Most hosts the list may hold (the host refuses more). */
export const maxLinkHosts = 200;

/** Why a line of the list is refused, as an i18n key and the line itself. */
export type HostProblem = { key: 'settings.links.notHost' | 'settings.links.tooMany'; line: string };

/**
 * The hosts in the text (one a line, blank lines ignored), folded to lower case without a
 * leading dot, each once; or the first line that is not a host.
 */
export function parseLinkHosts(text: string): { ok: true; hosts: string[] } | { ok: false; problem: HostProblem } {
  const hosts: string[] = [];
  for (const line of text.split('\n')) {
    const host = line.trim().toLowerCase().replace(/^\.+/, '');
    if (host === '') continue;
    if (host.length > 253 || !hostPattern.test(host)) return { ok: false, problem: { key: 'settings.links.notHost', line: line.trim() } };
    if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length > maxLinkHosts) return { ok: false, problem: { key: 'settings.links.tooMany', line: String(maxLinkHosts) } };
  return { ok: true, hosts };
}

/**
 * The form's one field, parsed by `parseLinkHosts` into the list to save; a refusal's message is
 * the problem as JSON for the form to translate.
 */
export const linkHostsSchema = z.object({
  hosts: z.string().transform((text, context) => {
    const parsed = parseLinkHosts(text);
    if (parsed.ok) return parsed.hosts;
    context.addIssue({ code: 'custom', message: JSON.stringify(parsed.problem) });
    return z.NEVER;
  }),
});
