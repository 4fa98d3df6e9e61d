import type { AuditEntry } from '../domain/model';
import { auditHashInput } from './canonical-json';

/** Why a chain failed verification, at the first position that shows it. */
export type AuditProblemKind = 'empty' | 'sequence' | 'link' | 'hash' | 'head';

/** The first problem found: where (0-based position in the log, and the entry's seq) and what. */
export interface AuditProblem {
  kind: AuditProblemKind;
  position: number;
  seq: number | null;
  message: string;
}

/** What verification found: the whole chain and its head, or the first bad position. */
export type AuditVerdict = { ok: true; count: number; head: { seq: number; hash: string } | null } | { ok: false; count: number; problem: AuditProblem };

/** SHA-256 of a text as lowercase hex: node:crypto in the service and scripts, WebCrypto in the app. */
export type Sha256Hex = (text: string) => string | Promise<string>;

/**
 * Verifies a hash-chained audit log in order: every entry's seq follows the previous one (so a
 * removed or reordered entry shows), every entry names the previous entry's hash, and every
 * entry's hash is the hash of its canonical JSON. `head` is what the service last reported: a log
 * rewritten together with every later hash still ends on a head other than the one reported.
 * `empty` is a problem only when a head was reported.
 */
export async function verifyAuditChain(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  sha256: Sha256Hex,
  head?: { seq: number; hash: string },
  /**
   * The hash of an entry's canonical JSON when the caller computed it already (the app hashes a
   * chunk of entries at once); undefined falls back to hashing here with `sha256`.
   */
  knownHash: (entry: AuditEntry) => string | undefined = () => undefined,
): Promise<AuditVerdict> {
  let previous: AuditEntry | undefined;
  let position = 0;
  const fail = (kind: AuditProblemKind, entry: AuditEntry | undefined, message: string, at = position): AuditVerdict => ({
    ok: false,
    count: position,
    problem: { kind, position: at, seq: entry?.seq ?? null, message },
  });
  for await (const entry of entries) {
    const expectedSeq = previous === undefined ? 1 : previous.seq + 1;
    if (entry.seq !== expectedSeq) {
      return fail('sequence', entry, `Entry ${position + 1} has number ${entry.seq} where ${expectedSeq} was due: entries were removed, added or reordered here.`);
    }
    if (entry.prevHash !== (previous?.hash ?? null)) {
      return fail('link', entry, `Entry ${entry.seq} does not name the hash of the entry before it: the chain was broken here.`);
    }
    if ((knownHash(entry) ?? (await sha256(auditHashInput(entry)))) !== entry.hash) {
      return fail('hash', entry, `Entry ${entry.seq} does not match its own hash: its content was changed after it was written.`);
    }
    previous = entry;
    position += 1;
  }
  if (head !== undefined) {
    if (previous === undefined) return fail('empty', undefined, `The log is empty, but the service reported ${head.seq} entries.`);
    if (previous.seq !== head.seq || previous.hash !== head.hash) {
      return fail(
        'head',
        previous,
        `The log ends at entry ${previous.seq} with a hash other than the head the service reported (entry ${head.seq}): entries were removed from the end, or the log was rewritten with new hashes.`,
        position - 1,
      );
    }
  }
  return { ok: true, count: position, head: previous ? { seq: previous.seq, hash: previous.hash } : null };
}
