import type { AuditRecord } from '../../data/db';

// Whether the green "verified" still speaks for every entry on this computer, and when to check
// the new ones: a verification covers the entries it counted, so entries pulled after it make it
// out of date until the next one, which runs by itself a little after they stop arriving.

/** What the verification banner says about the stored log. */
export type BannerState =
  | { kind: 'unverified' }
  | { kind: 'current'; count: number }
  /** Verified up to `count`; `newSince` entries arrived after and are not verified yet. */
  | { kind: 'stale'; count: number; newSince: number }
  | { kind: 'failed' };

/** The banner's state for the stored log and its last verification. */
export function bannerState(record: Pick<AuditRecord, 'lastSeq' | 'verification'> | null): BannerState {
  const verification = record?.verification;
  if (record === null || verification === undefined) return { kind: 'unverified' };
  if (!verification.ok) return { kind: 'failed' };
  // Seqs are contiguous from 1 (verification refuses a gap), so the last seq is the entry count.
  const newSince = record.lastSeq - verification.count;
  return newSince > 0 ? { kind: 'stale', count: verification.count, newSince } : { kind: 'current', count: verification.count };
}

/** How long re-verification waits: for entries to stop arriving, and at least this long after the last run. */
export const reverifyTiming = { quietMs: 5_000, minIntervalMs: 60_000 } as const;

/**
 * In how many milliseconds to re-verify the stored log in the background (0: now), or undefined
 * when there is nothing new to verify. Waits `quietMs` after the last pull, so a sync that stores
 * entries in batches is verified once, and `minIntervalMs` after the last verification, so a busy
 * log is not re-verified on every entry. A failed verification is not retried by itself: it stays
 * on screen until the team lead runs it again.
 */
export function reverifyDelay(
  record: Pick<AuditRecord, 'lastSeq' | 'verification' | 'pulledAt'> | null,
  nowMs: number,
  timing: { quietMs: number; minIntervalMs: number } = reverifyTiming,
): number | undefined {
  if (bannerState(record).kind !== 'stale' || record === null) return undefined;
  const verifiedAt = Date.parse(record.verification!.at);
  const pulledAt = record.pulledAt === null ? nowMs : Date.parse(record.pulledAt);
  return Math.max(0, pulledAt + timing.quietMs - nowMs, verifiedAt + timing.minIntervalMs - nowMs);
}
