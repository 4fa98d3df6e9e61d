/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives the
 * same text, so its hash can be recomputed anywhere (the service, a team lead's app, a script).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The part of an audit entry its hash covers: everything but the hash itself. */
export function auditHashInput(entry: {
  seq: number;
  at: string;
  actor: string;
  action: string;
  disputeId?: string | undefined;
  payload: Record<string, unknown>;
  prevHash: string | null;
}): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    disputeId: entry.disputeId ?? null,
    payload: entry.payload,
    prevHash: entry.prevHash,
  });
}
