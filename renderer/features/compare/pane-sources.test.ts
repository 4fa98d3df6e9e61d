import { describe, expect, it } from 'vitest';
import type { EvidenceDescription } from '../../../shared/contract/evidence-calls';
import { makeDispute, makeEvidence } from '../../../shared/domain/test-fixtures';
import { disputeIdsOf, flagsOf, paneMediaOf, resolvePanes } from './pane-sources';

const here = makeDispute({
  id: 'D-1',
  evidence: [
    makeEvidence({ id: 'E-1', fileName: 'unboxing.mp4' }),
    makeEvidence({ id: 'E-2', kind: 'document', sha256: undefined, url: 'https://files.example/x', fileName: undefined }),
  ],
});
const other = makeDispute({ id: 'D-2', evidence: [makeEvidence({ id: 'E-9', party: 'seller', sha256: 'c'.repeat(64), fileName: 'packing.mp4' })] });
const disputes = new Map([
  ['D-1', here],
  ['D-2', other],
]);

function description(overrides: Partial<EvidenceDescription>): EvidenceDescription {
  return {
    sha256: 'a'.repeat(64),
    sizeBytes: 1000,
    mediaType: 'video/mp4',
    kind: 'video',
    image: null,
    video: { container: 'mp4', codec: 'h264', durationSeconds: 10, width: 640, height: 360, frameRate: 25, createdAt: null, encoder: null },
    mediaUrl: 'evidence://media/a',
    thumbnailUrl: null,
    posterUrl: null,
    playableUrl: null,
    canMakePlayable: true,
    submissions: [],
    ...overrides,
  };
}

describe('what each pane shows', () => {
  it("resolves a case's evidence, and a near duplicate's object to its own case's item when that case is here", () => {
    const panes = resolvePanes(
      [
        { disputeId: 'D-1', evidenceId: 'E-1' },
        { sha256: 'c'.repeat(64), disputeId: 'D-2', fileName: 'packing.mp4', party: 'seller' },
        { sha256: 'd'.repeat(64), disputeId: 'D-7', fileName: 'elsewhere.jpg' },
        { sha256: 'e'.repeat(64) },
      ],
      disputes,
    );
    expect(panes.map((pane) => [pane.fileName, pane.dispute?.id, pane.item?.id, pane.party])).toEqual([
      ['unboxing.mp4', 'D-1', 'E-1', 'buyer'],
      ['packing.mp4', 'D-2', 'E-9', 'seller'],
      ['elsewhere.jpg', undefined, undefined, undefined],
      [`${'e'.repeat(12)}…`, undefined, undefined, undefined],
    ]);
    expect(disputeIdsOf([{ disputeId: 'D-1', evidenceId: 'E-1' }, { sha256: 'e'.repeat(64) }, { sha256: 'f'.repeat(64), disputeId: 'D-1' }])).toEqual(['D-1']);
  });

  it('says when the selection names nothing to show, and shows an item named twice once', () => {
    const panes = resolvePanes(
      [
        { disputeId: 'D-1', evidenceId: 'E-404' },
        { disputeId: 'D-1', evidenceId: 'E-2' },
        { disputeId: 'D-1', evidenceId: 'E-2' },
      ],
      disputes,
    );
    expect(panes.map((pane) => pane.missing)).toEqual(['no_item', 'no_file']);
  });

  it('plays a video, or its playable copy when one was made', () => {
    expect(paneMediaOf(description({}), 'video')).toEqual({ type: 'video', url: 'evidence://media/a', copy: false });
    expect(paneMediaOf(description({ playableUrl: 'evidence://media/a/playable' }), 'video')).toEqual({ type: 'video', url: 'evidence://media/a/playable', copy: true });
  });

  it('says so for a video with no video track or no length, and for what is neither photo nor video', () => {
    expect(paneMediaOf(description({ video: null }), 'video')).toEqual({ type: 'problem', problem: 'no_video_track' });
    const audioOnly = description({ video: { container: 'mp4', codec: null, durationSeconds: 3, width: null, height: null, frameRate: null, createdAt: null, encoder: null } });
    expect(paneMediaOf(audioOnly, 'video')).toEqual({ type: 'problem', problem: 'no_video_track' });
    const empty = description({ video: { container: 'mp4', codec: 'h264', durationSeconds: 0, width: 640, height: 360, frameRate: 25, createdAt: null, encoder: null } });
    expect(paneMediaOf(empty, 'video')).toEqual({ type: 'problem', problem: 'zero_length' });
    expect(paneMediaOf(description({ kind: 'document', video: null, mediaType: 'application/pdf' }), 'document')).toEqual({ type: 'problem', problem: 'not_viewable' });
  });

  it('does not decode a 40,000 × 40,000 photo: it is too large to display, with its thumbnail if there is one', () => {
    const huge = description({ kind: 'photo', video: null, image: { width: 40_000, height: 40_000 }, thumbnailUrl: null });
    expect(paneMediaOf(huge, 'photo')).toEqual({ type: 'too_large', width: 40_000, height: 40_000, thumbnailUrl: null });
    const normal = description({ kind: 'photo', video: null, image: { width: 4000, height: 3000 } });
    expect(paneMediaOf(normal, 'photo')).toEqual({ type: 'image', url: 'evidence://media/a' });
  });

  it("shows the case item's flags, else the host's for an object from elsewhere", () => {
    const flag = { code: 'possibly_edited' as const, reason: 'Edited.', details: { software: 'GIMP' } };
    const [fromCase] = resolvePanes([{ disputeId: 'D-1', evidenceId: 'E-1' }], disputes);
    expect(flagsOf(fromCase!, undefined)).toBeUndefined();
    const [loose] = resolvePanes([{ sha256: 'e'.repeat(64) }], disputes);
    const described = description({ submissions: [{ disputeId: 'D-7', party: 'buyer', fileName: 'x.jpg', channel: 'upload', submittedAt: '2025-03-01T09:00:00Z', url: null, flags: [flag] }] });
    expect(flagsOf(loose!, described)).toEqual([flag]);
  });
});
