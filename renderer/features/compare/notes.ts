import type { Dispute, EvidenceNote } from '../../../shared/domain/model';
import type { PaneClock } from './frame-math';
import { panePlayTime } from './frame-math';

/**
 * Where a note points: a time in a video (with the frame's index when the viewer decoded it, see
 * EvidenceNote.frame), a spot on a photo (fractions), or the item as a whole.
 */
export type NoteSpot = { atSeconds: number; frame?: number } | { x: number; y: number } | Record<string, never>;

/** The notes on one evidence item, in the order a reviewer reads them: by time, then as written. */
export function notesOf(dispute: Pick<Dispute, 'evidenceNotes'> | undefined, evidenceId: string | undefined): EvidenceNote[] {
  if (dispute === undefined || evidenceId === undefined) return [];
  return (dispute.evidenceNotes ?? [])
    .map((note, index) => ({ note, index }))
    .filter(({ note }) => note.evidenceId === evidenceId)
    .sort((a, b) => (a.note.atSeconds ?? -1) - (b.note.atSeconds ?? -1) || a.index - b.index)
    .map(({ note }) => note);
}

/** The arguments of the `evidence.note` change for a new note. */
export function noteArgs(disputeId: string, evidenceId: string, spot: NoteSpot, text: string, id: string) {
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  const where =
    'atSeconds' in spot
      ? { atSeconds: Math.max(0, Math.round(spot.atSeconds * 1000) / 1000), ...(spot.frame === undefined ? {} : { frame: spot.frame }) }
      : 'x' in spot
        ? { x: clamp(spot.x), y: clamp(spot.y) }
        : {};
  return { disputeId, note: { id, evidenceId, ...where, text: text.trim() } };
}

/** A note's mark on the transport's timeline, which runs in the leader's own time. */
export interface TimelineMarker {
  noteId: string;
  paneKey: string;
  /** Where on the timeline (the leader's seconds). */
  at: number;
  text: string;
}

/**
 * The timeline marks for the notes of every video pane. A note at second s of pane p is reached
 * when the leader is where p shows s, which depends on both panes' offsets; notes outside the
 * leader's length have no place on its timeline and are still listed beside their pane.
 */
export function timelineMarkers(
  panes: readonly { key: string; clock: PaneClock; notes: readonly EvidenceNote[] }[],
  leader: PaneClock,
  leaderDuration: number,
): TimelineMarker[] {
  return panes
    .flatMap((pane) =>
      pane.notes.flatMap((note) => {
        if (note.atSeconds === undefined) return [];
        const at = leaderTimeShowing(note.atSeconds, pane.clock, leader);
        return at >= 0 && at <= leaderDuration ? [{ noteId: note.id, paneKey: pane.key, at, text: note.text }] : [];
      }),
    )
    .sort((a, b) => a.at - b.at);
}

/** The leader time at which a pane with `clock` shows its second `seconds`. */
export function leaderTimeShowing(seconds: number, clock: PaneClock, leader: PaneClock): number {
  // Timeline time at which the pane is at `seconds`, then where the leader is at that timeline time.
  const timeline = seconds - clock.offsetFrames / clock.fps;
  return panePlayTime(timeline, leader);
}
