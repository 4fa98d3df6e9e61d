/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives the
 * same text, so its hash can be recomputed anywhere (the service, a team lead's app, a script).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  // Built by appending to one string, with no arrays of pairs: every audit entry is written and
  // verified through here, so its allocations are the verification's (issue 20).
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) text += (index === 0 ? '' : ',') + canonicalJson(value[index] ?? null);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` on strings does.
  const keys = Object.keys(record).sort();
  let text = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
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
  // The keys written in their sorted order, as canonicalJson would put them.
  const text = (item: string | null) => JSON.stringify(item);
  return `{"action":${text(entry.action)},"actor":${text(entry.actor)},"at":${text(entry.at)},"disputeId":${text(entry.disputeId ?? null)},"payload":${canonicalJson(entry.payload)},"prevHash":${text(entry.prevHash)},"seq":${canonicalJson(entry.seq)}}`;
}
