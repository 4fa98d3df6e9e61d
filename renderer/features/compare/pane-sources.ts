import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';
import type { Dispute, EvidenceItem, Party } from '../../../shared/domain/model';

// What each pane shows, worked out from the selection and the local disputes before any bytes are
// asked for, so the decisions (which dispute a note goes to, when a photo is too large to decode)
// are tested without a browser.

/**
 * One item the viewer is asked to show: evidence of a case on this computer, or an object known
 * only by its digest (the other side of a near-duplicate flag, perhaps from another case).
 */
export type ViewerItemRef =
  | { disputeId: string; evidenceId: string }
  | { sha256: string; disputeId?: string; fileName?: string; party?: Party };

/** A pane's item, resolved against the disputes on this computer. */
export interface PaneSource {
  /** Stable across swaps and re-renders: names the pane's React element and its offset. */
  key: string;
  sha256: string | undefined;
  /** The dispute and item the pane's object is evidence of, when this computer has them. */
  dispute: Dispute | undefined;
  item: EvidenceItem | undefined;
  fileName: string;
  party: Party | undefined;
  /** Why the selection names nothing this computer can show, if so. */
  missing?: 'no_item' | 'no_file';
}

/** Above this many pixels a photo is not decoded in the viewer: the host's analysis refuses it too. */
const maxDisplayPixels = 100_000_000;

/** The key of a selection entry: the same item named twice is shown once. */
function keyOf(ref: ViewerItemRef): string {
  return 'evidenceId' in ref ? `${ref.disputeId}/${ref.evidenceId}` : `${ref.disputeId ?? ''}#${ref.sha256}`;
}

/** The dispute ids a selection needs read from the local store. */
export function disputeIdsOf(refs: readonly ViewerItemRef[]): string[] {
  return [...new Set(refs.flatMap((ref) => (ref.disputeId === undefined ? [] : [ref.disputeId])))];
}

/**
 * The panes for a selection. An object named by digest and case becomes that case's evidence item
 * when the case is here and holds it, so notes and snapshots can go to the case; otherwise it is
 * shown on its own, named as the flag named it.
 */
export function resolvePanes(refs: readonly ViewerItemRef[], disputes: ReadonlyMap<string, Dispute>): PaneSource[] {
  const seen = new Set<string>();
  const panes: PaneSource[] = [];
  for (const ref of refs) {
    const key = keyOf(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const dispute = ref.disputeId === undefined ? undefined : disputes.get(ref.disputeId);
    if ('evidenceId' in ref) {
      const item = dispute?.evidence.find((candidate) => candidate.id === ref.evidenceId);
      panes.push({
        key,
        sha256: item?.sha256,
        dispute: item ? dispute : undefined,
        item,
        fileName: item?.fileName ?? item?.url ?? ref.evidenceId,
        party: item?.party,
        ...(item === undefined ? { missing: 'no_item' as const } : item.sha256 === undefined ? { missing: 'no_file' as const } : {}),
      });
      continue;
    }
    const item = dispute?.evidence.find((candidate) => candidate.sha256 === ref.sha256);
    panes.push({
      key,
      sha256: ref.sha256,
      dispute: item ? dispute : undefined,
      item,
      fileName: item?.fileName ?? (ref.fileName || `${ref.sha256.slice(0, 12)}…`),
      party: item?.party ?? ref.party,
    });
  }
  return panes;
}

/** What a pane can draw for a described object. */
export type PaneMedia =
  | { type: 'video'; url: string; copy: boolean }
  | { type: 'image'; url: string }
  /** Too many pixels to decode here; a thumbnail, when the host made one, stands in. */
  | { type: 'too_large'; width: number; height: number; thumbnailUrl: string | null }
  | { type: 'problem'; problem: 'no_video_track' | 'zero_length' | 'not_viewable' };

/** How a pane shows `description` (`kind` is the evidence item's, for objects the host could not classify). */
export function paneMediaOf(description: EvidenceDescription, kind: EvidenceItem['kind'] | undefined): PaneMedia {
  switch (description.kind ?? kind) {
    case 'video': {
      // Played from what has arrived; the checks below wait for the analysis of the whole file.
      if (description.arriving) return { type: 'video', url: description.mediaUrl, copy: false };
      const video = description.video;
      // The analysis keeps no video facts for a file without a video track (an audio file named .mp4).
      if (video === null || (video.width === null && video.height === null)) return { type: 'problem', problem: 'no_video_track' };
      if (video.durationSeconds !== null && video.durationSeconds <= 0) return { type: 'problem', problem: 'zero_length' };
      // A playable copy exists only because the original would not play; the original stays the evidence.
      return description.playableUrl ? { type: 'video', url: description.playableUrl, copy: true } : { type: 'video', url: description.mediaUrl, copy: false };
    }
    case 'photo': {
      const { width, height } = description.image ?? {};
      if (width !== undefined && height !== undefined && width * height > maxDisplayPixels) {
        return { type: 'too_large', width, height, thumbnailUrl: description.thumbnailUrl };
      }
      return { type: 'image', url: description.mediaUrl };
    }
    default:
      return { type: 'problem', problem: 'not_viewable' };
  }
}

/** The flags to show beside a pane: the item's in this case, else those the host recorded for the object. */
export function flagsOf(source: PaneSource, description: EvidenceDescription | undefined): EvidenceItem['flags'] {
  if (source.item) return source.item.flags;
  return description?.submissions[0]?.flags;
}
