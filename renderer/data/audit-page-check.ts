import { sha256 } from '@noble/hashes/sha2.js';
import { verifyAuditChain } from '../../shared/audit/verify';
import { hashTakenAsGiven, type StoredAuditPage } from './audit-records';

// Checking one stored page of the audit log on its own: what a verification worker runs
// (audit-verify.worker.ts), and this thread where workers cannot. Nothing here opens the store.

const encoder = new TextEncoder();
const hexDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hexOf(digest: Uint8Array): string {
  let hex = '';
  for (const byte of digest) hex += hexDigits[byte]!;
  return hex;
}

/** Where texts are encoded before hashing, grown as needed: no new buffer per entry. */
let scratch = new Uint8Array(64 * 1024);

/**
 * SHA-256 of a text as lowercase hex, computed on this thread (@noble/hashes). Verification uses
 * it rather than WebCrypto: Chromium runs every WebCrypto digest of a renderer process, its
 * workers' included, on one thread, so workers hashing with it wait in one line (decision 0031).
 */
export function sha256Here(text: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return hexOf(sha256(scratch.subarray(0, written)));
}

/** What checking one page found, with the links at its two ends for stitching. */
export interface PageSummary {
  from: number;
  count: number;
  /** The first entry's seq and the hash it names as its predecessor's (null for an empty page). */
  first: { seq: number; prevHash: string | null } | null;
  last: { seq: number; hash: string } | null;
  /** Every entry inside the page follows the one before it and matches its own hash. */
  ok: boolean;
  /** The stored page did not open with this computer's key (decision 0038): changed on disk. */
  unreadable?: true;
}

/** The summary of a page whose stored record did not open. */
export function unreadablePage(from: number): PageSummary {
  return { from, count: 0, first: null, last: null, ok: false, unreadable: true };
}

/**
 * Checks one page on its own: its entries walked and hashed from its first entry's own link; whether that link meets the page before is for `stitch`.
 */
export async function checkAuditPage(page: StoredAuditPage): Promise<PageSummary> {
  const { entries } = page;
  const first = entries[0];
  const last = entries.at(-1);
  if (first === undefined || last === undefined) return { from: page.from, count: 0, first: null, last: null, ok: true };
  const verdict = await verifyAuditChain(entries, sha256Here, undefined, hashTakenAsGiven, { seq: first.seq - 1, hash: first.prevHash, position: 0 });
  return { from: page.from, count: entries.length, first: { seq: first.seq, prevHash: first.prevHash }, last: { seq: last.seq, hash: last.hash }, ok: verdict.ok };
}

/** Messages between this thread and a verification worker. */
export type ToVerifyWorker =
  | {
      kind: 'open';
      dbName: string;
      /** The records key when pages are sealed, and whether a page with no box is refused (see RecordsSeal). */
      sealing: { key: Uint8Array; refusePlain: boolean } | null;
    }
  | { kind: 'check'; from: number };
export type FromVerifyWorker = { kind: 'checked'; summary: PageSummary } | { kind: 'failed'; message: string };
