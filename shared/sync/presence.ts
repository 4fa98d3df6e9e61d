import { z } from 'zod';
import { roleSchema } from '../domain/model';
import { boundedText, identifier } from '../domain/text';

// Presence (issue 21): who has a case open, and who is writing a ruling or an action on it. A desk
// reports what its person is doing with `PUT /presence` when it changes and every `heartbeatMs`
// while it stands; the case service sends every desk the team's presence down the poke stream
// (`event: presence`). A report not renewed within `ttlMs` is gone: a person who closed the app or
// lost the network disappears within a minute. Presence is never stored in the audit log and never
// waits for anything: a desk offline simply reports nothing.

/** What a person is doing on a case, from least to most: only the most is shown. */
export const presenceActivities = ['viewing', 'action', 'ruling'] as const;
export const presenceActivitySchema = z.enum(presenceActivities);
/** What a person is doing on a case. */
export type PresenceActivity = z.infer<typeof presenceActivitySchema>;

/** How often a desk renews its report, and how long one lasts without renewal. */
export const presenceTiming = { heartbeatMs: 15_000, ttlMs: 45_000 } as const;

/**
 * `PUT /presence`: this desk window (`deskId`, made once per window) is on `disputeId` doing
 * `activity`, or on no case (`disputeId: null`).
 */
export const presenceReportSchema = z.strictObject({
  deskId: boundedText(64).min(8),
  disputeId: identifier().nullable(),
  activity: presenceActivitySchema,
});
/** One desk's report of what its person is doing. */
export type PresenceReport = z.infer<typeof presenceReportSchema>;

/**
 * One person on one case, as the service last heard. Durations, not times, so a desk whose clock
 * is off still shows "2 min" right: `forMs` since they began, `expiresInMs` until it lapses.
 */
export const presenceEntrySchema = z.object({
  userId: identifier(),
  name: boundedText(200),
  role: roleSchema,
  deskId: boundedText(64),
  disputeId: identifier(),
  activity: presenceActivitySchema,
  forMs: z.number().int().min(0),
  expiresInMs: z.number().int().min(0),
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;

/** The team's presence: `event: presence` on the poke stream, and the answer to `PUT /presence`. */
export const presenceListSchema = z.object({ entries: z.array(presenceEntrySchema).max(5_000) });
export type PresenceList = z.infer<typeof presenceListSchema>;

/** The most a person is doing among some reports (ruling over action over viewing). */
export function strongestActivity(activities: readonly PresenceActivity[]): PresenceActivity | undefined {
  let strongest: PresenceActivity | undefined;
  for (const activity of activities) {
    if (strongest === undefined || presenceActivities.indexOf(activity) > presenceActivities.indexOf(strongest)) strongest = activity;
  }
  return strongest;
}
