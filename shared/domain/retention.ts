import { z } from 'zod';
import { isFinal } from './lifecycle';
import type { Dispute } from './model';

/**
 * How long desks keep a dispute after it closed (issue 22): a team setting on the case service,
 * which keeps the record itself. Desks purge the dispute, its evidence and what was derived from
 * them on the sync after the period ends.
 */
export const defaultRetentionDays = 90;

/** A retention period a team may set: from a day to ten years. */
export const retentionDaysSchema = z.number().int().min(1).max(3650);

const dayMs = 24 * 60 * 60 * 1000;

/** The moment before which a dispute's closing puts it past retention, as an ISO time. */
export function retentionCutoff(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * dayMs).toISOString();
}

/**
 * When a dispute's retention starts counting: its closing time, once it has ended; undefined while
 * it is alive (or ended with no closing time recorded, which is kept rather than guessed at).
 */
export function closedSince(dispute: Pick<Dispute, 'state' | 'closedAt'>): string | undefined {
  return isFinal(dispute.state) && dispute.closedAt !== undefined ? new Date(dispute.closedAt).toISOString() : undefined;
}

/** Whether a desk should no longer hold this dispute. */
export function isPastRetention(dispute: Pick<Dispute, 'state' | 'closedAt'>, now: Date, retentionDays: number): boolean {
  const closed = closedSince(dispute);
  return closed !== undefined && closed < retentionCutoff(now, retentionDays);
}
