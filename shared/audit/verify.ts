import type { AuditEntry } from '../domain/model';
import { auditHashInput } from './canonical-json';

/** Why a chain failed verification, at the first position that shows it. */
export type AuditProblemKind = 'empty' | 'sequence' | 'link' | 'hash' | 'head' | 'unreadable';

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
 * Where a stretch of the log starts: the entry before it (seq 0 and no hash at the log's start)
 * and its own position in the log, so a long log can be checked in parts, each part's problems
 * named as the whole walk would name them.
 */
export interface ChainStart {
  seq: number;
  hash: string | null;
  position: number;
}

/** The log's own start: no entry before it. */
export const logStart: ChainStart = { seq: 0, hash: null, position: 0 };

/**
 * Verifies a hash-chained audit log in order: every entry's seq follows the previous one (so a
 * removed or reordered entry shows), every entry names the previous entry's hash, and every
 * entry's hash is the hash of its canonical JSON. `head` is what the service last reported: a log
 * rewritten together with every later hash still ends on a head other than the one reported.
 * `empty` is a problem only when a head was reported and no entry, before `start` or after it, was
 * seen. `start` makes this a check of the stretch after `start.seq`, whose entry before ends on
 * `start.hash`: the team lead's app checks pages in workers and stitches them (audit-verify.ts).
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
  start: ChainStart = logStart,
): Promise<AuditVerdict> {
  let previous: { seq: number; hash: string | null } = start;
  let position = start.position;
  const fail = (kind: AuditProblemKind, seq: number | null, message: string, at = position): AuditVerdict => ({
    ok: false,
    count: position,
    problem: { kind, position: at, seq, message },
  });
  for await (const entry of entries) {
    const expectedSeq = previous.seq + 1;
    if (entry.seq !== expectedSeq) {
      return fail('sequence', entry.seq, `Entry ${position + 1} has number ${entry.seq} where ${expectedSeq} was due: entries were removed, added or reordered here.`);
    }
    if (entry.prevHash !== previous.hash) {
      return fail('link', entry.seq, `Entry ${entry.seq} does not name the hash of the entry before it: the chain was broken here.`);
    }
    if ((knownHash(entry) ?? (await sha256(auditHashInput(entry)))) !== entry.hash) {
      return fail('hash', entry.seq, `Entry ${entry.seq} does not match its own hash: its content was changed after it was written.`);
    }
    previous = entry;
    position += 1;
  }
  const last = previous.seq === 0 ? undefined : { seq: previous.seq, hash: previous.hash ?? '' };
  if (head !== undefined) {
    if (last === undefined) return fail('empty', null, `The log is empty, but the service reported ${head.seq} entries.`);
    if (last.seq !== head.seq || last.hash !== head.hash) {
      return fail(
        'head',
        last.seq,
        `The log ends at entry ${last.seq} with a hash other than the head the service reported (entry ${head.seq}): entries were removed from the end, or the log was rewritten with new hashes.`,
        position - 1,
      );
    }
  }
  return { ok: true, count: position, head: last ?? null };
}
