import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { enqueueMutation } from '../../data/outbox';
import { formatClock } from './frame-math';
import type { PaneSource } from './pane-sources';
import { snapshotFileName, snapshotItem, storeSnapshot, type SnapshotSource } from './snapshot';

/** Where a snapshot stands, for the line under the toolbar. */
export type SnapshotStatus =
  | { kind: 'idle' }
  | { kind: 'saving'; file: string }
  | { kind: 'saved'; file: string }
  | { kind: 'failed'; message: string };

/** The frame a pane shows, as PNG bytes; 'tainted' when the browser forbids reading its pixels. */
async function captureFrame(video: HTMLVideoElement | HTMLCanvasElement): Promise<Blob | 'tainted' | null> {
  const canvas = document.createElement('canvas');
  canvas.width = video instanceof HTMLVideoElement ? video.videoWidth : video.width;
  canvas.height = video instanceof HTMLVideoElement ? video.videoHeight : video.height;
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0) return null;
  context.drawImage(video, 0, 0);
  try {
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'SecurityError') return 'tainted';
    throw error;
  }
}

/**
 * Saves the frame a video pane shows as new evidence of its case: captured to PNG, brought in
 * through the ingestion pipeline (stored, hashed, checked), then added with `evidence.add`,
 * recording the source object and the second it came from.
 */
export function useSnapshot() {
  const { t } = useTranslation();
  const { db, session, syncNow } = useDeskData();
  const [status, setStatus] = useState<SnapshotStatus>({ kind: 'idle' });

  /** Saves what `video` (a decoded pane's canvas or a <video>) shows, taken at its second `atSeconds`. */
  async function take(source: PaneSource, video: HTMLVideoElement | HTMLCanvasElement, atSeconds: number): Promise<void> {
    const { dispute, item } = source;
    if (!session || !dispute || !item?.sha256) return;
    const from: SnapshotSource = { disputeId: dispute.id, party: item.party, sha256: item.sha256, atSeconds };
    const file = snapshotFileName(from.sha256, from.atSeconds);
    setStatus({ kind: 'saving', file });
    const captured = await captureFrame(video);
    if (captured === 'tainted' || captured === null) {
      setStatus({ kind: 'failed', message: t(captured === 'tainted' ? 'compare.snapshot.tainted' : 'compare.snapshot.noFrame') });
      return;
    }
    const stored = await storeSnapshot(window.desk, from, new File([captured], file, { type: 'image/png' }));
    if (!stored.ok) {
      setStatus({ kind: 'failed', message: stored.hostMessage ?? t('compare.snapshot.lost') });
      return;
    }
    const now = new Date().toISOString();
    const added = snapshotItem(stored.outcome, from, {
      id: crypto.randomUUID(),
      submittedAt: now,
      description: t('compare.snapshot.description', { file: source.fileName, clock: formatClock(from.atSeconds) }),
    });
    const result = await enqueueMutation(db, session, 'evidence.add', { disputeId: dispute.id, item: added }, now);
    if (!result.ok) {
      setStatus({ kind: 'failed', message: t('compare.snapshot.refused', { message: result.message }) });
      return;
    }
    setStatus({ kind: 'saved', file: stored.outcome.fileName });
    void syncNow();
  }

  return { status, take, dismiss: () => setStatus({ kind: 'idle' }) };
}
