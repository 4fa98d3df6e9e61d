import { describe, expect, it } from 'vitest';
import { makeDispute, makeEvidence } from '../../../shared/domain/test-fixtures';
import { leaderTimeShowing, noteArgs, notesOf, timelineMarkers } from './notes';

const dispute = makeDispute({
  evidence: [makeEvidence({ id: 'E-1' }), makeEvidence({ id: 'E-2', kind: 'photo', sha256: 'b'.repeat(64) })],
  evidenceNotes: [
    { id: 'N-3', evidenceId: 'E-1', atSeconds: 7.5, text: 'Box opened.', by: 'u-rv-1', at: '2025-03-03T09:00:00Z' },
    { id: 'N-1', evidenceId: 'E-2', x: 0.4, y: 0.6, text: 'Scratch.', by: 'u-rv-1', at: '2025-03-03T09:00:00Z' },
    { id: 'N-2', evidenceId: 'E-1', atSeconds: 2, text: 'Seal intact.', by: 'u-cm-1', at: '2025-03-03T10:00:00Z' },
    { id: 'N-4', evidenceId: 'E-1', text: 'Whole video is dim.', by: 'u-cm-1', at: '2025-03-03T11:00:00Z' },
  ],
});

describe('notes on evidence', () => {
  it('lists one item\'s notes, whole-item notes first, then by time', () => {
    expect(notesOf(dispute, 'E-1').map((note) => note.id)).toEqual(['N-4', 'N-2', 'N-3']);
    expect(notesOf(dispute, 'E-2').map((note) => note.id)).toEqual(['N-1']);
    expect(notesOf(makeDispute(), 'E-1')).toEqual([]);
    expect(notesOf(undefined, 'E-1')).toEqual([]);
  });

  it('builds the evidence.note change: a time to the millisecond, or a spot kept on the picture', () => {
    expect(noteArgs('D-1', 'E-1', { atSeconds: 5.02049 }, '  Seal broken. ', 'N-9')).toEqual({
      disputeId: 'D-1',
      note: { id: 'N-9', evidenceId: 'E-1', atSeconds: 5.02, text: 'Seal broken.' },
    });
    expect(noteArgs('D-1', 'E-2', { x: 1.2, y: -0.1 }, 'Edge', 'N-10').note).toEqual({ id: 'N-10', evidenceId: 'E-2', x: 1, y: 0, text: 'Edge' });
    expect(noteArgs('D-1', 'E-2', {}, 'All of it', 'N-11').note).toEqual({ id: 'N-11', evidenceId: 'E-2', text: 'All of it' });
    // A decoded video's note keeps its frame's index beside the rounded time.
    expect(noteArgs('D-1', 'E-1', { atSeconds: 7 / 30, frame: 7 }, 'Cut', 'N-12').note).toEqual({ id: 'N-12', evidenceId: 'E-1', atSeconds: 0.233, frame: 7, text: 'Cut' });
  });

  it("marks each video note on the leader's timeline, moved by both panes' offsets", () => {
    const leader = { fps: 25, offsetFrames: 0 };
    const follower = { fps: 25, offsetFrames: 25 }; // one second ahead of the leader
    const markers = timelineMarkers(
      [
        { key: 'leader', clock: leader, notes: [{ id: 'A', evidenceId: 'E-1', atSeconds: 3, text: 'a' }] },
        {
          key: 'follower',
          clock: follower,
          notes: [
            { id: 'B', evidenceId: 'E-2', atSeconds: 3, text: 'b' },
            { id: 'C', evidenceId: 'E-2', atSeconds: 0.5, text: 'before the leader starts' },
            { id: 'D', evidenceId: 'E-2', x: 0.5, y: 0.5, text: 'no time' },
          ],
        },
      ],
      leader,
      10,
    );
    expect(markers.map((marker) => [marker.noteId, marker.at])).toEqual([
      ['B', 2],
      ['A', 3],
    ]);
    expect(leaderTimeShowing(3, follower, { fps: 25, offsetFrames: 50 })).toBeCloseTo(4, 10);
  });
});
