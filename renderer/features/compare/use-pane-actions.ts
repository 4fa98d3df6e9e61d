import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionRecord } from '../../data/db';
import { addEvidenceRefusal } from '../../data/permissions';
import { useRefusalWords } from '../../ui/use-refusal-words';
import type { MediaElements } from './media-elements';
import type { PaneMedia, PaneSource } from './pane-sources';
import type { PlaybackSync } from './playback-sync';
import { useSnapshot } from './use-snapshot';

/** Whether a pane's element shows a video frame: the decoded pane's canvas, or a <video>. */
function isVideoFrameElement(element: Element | undefined): element is HTMLCanvasElement | HTMLVideoElement {
  return element instanceof HTMLCanvasElement || element instanceof HTMLVideoElement;
}

/**
 * What the active pane allows: a note (anyone signed in, on evidence of a case here) and a
 * snapshot (a video, and only where the shared rules let this user add evidence, so a reviewer
 * sees it disabled with the reason), and taking the snapshot.
 */
export function usePaneActions(input: {
  pane: PaneSource | undefined;
  media: PaneMedia | undefined;
  session: SessionRecord | null | undefined;
  elements: MediaElements;
  sync: PlaybackSync;
}) {
  const { t } = useTranslation();
  const refusalWords = useRefusalWords(input.pane?.dispute);
  const snapshot = useSnapshot();
  const { pane, media, session } = input;
  const inCase = pane?.item !== undefined && pane.dispute !== undefined;
  // A video that has not loaded (or cannot play) has no frame to save yet.
  useSyncExternalStore(input.elements.subscribe, input.elements.getVersion);
  const loaded = pane !== undefined && isVideoFrameElement(input.elements.get(pane.key)?.element);

  let noteRefusal: string | undefined;
  if (!inCase) noteRefusal = t('compare.notes.notInCase');
  else if (!session) noteRefusal = t('compare.notes.signedOut');

  let snapshotRefusal: string | undefined;
  if (media?.type !== 'video') snapshotRefusal = t('compare.snapshot.needsVideo');
  else if (!inCase || pane?.item?.sha256 === undefined) snapshotRefusal = t('compare.snapshot.notInCase');
  else if (!session) snapshotRefusal = t('compare.snapshot.signedOut');
  else if (!loaded) snapshotRefusal = t('compare.snapshot.notLoaded');
  else {
    const refusal = addEvidenceRefusal(pane.dispute!, session.user);
    if (refusal) snapshotRefusal = refusal.code === 'not_allowed' ? t('compare.snapshot.notAllowed') : refusalWords(refusal).text;
  }

  async function takeSnapshot(): Promise<void> {
    if (snapshotRefusal !== undefined || !pane) return;
    // A playing video is paused first, so the saved frame is the one the reviewer then sees.
    input.sync.pause();
    await input.sync.whenSettled();
    const entry = input.elements.get(pane.key);
    const atSeconds = input.sync.paneTime(pane.key);
    if (entry && isVideoFrameElement(entry.element) && atSeconds !== undefined) await snapshot.take(pane, entry.element, atSeconds);
  }

  return { noteRefusal, snapshotRefusal, snapshot: takeSnapshot, status: snapshot.status, dismiss: snapshot.dismiss };
}
