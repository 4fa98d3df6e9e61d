import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../../shared/domain/test-fixtures';
import type { Dispute, EvidenceItem } from '../../../shared/domain/model';
import { changesUnderYou } from './changed-under-you';

const before = makeDispute({ id: 'D-1', state: 'escalated' });
const item = (over: Partial<EvidenceItem>): EvidenceItem => ({ ...before.evidence[0]!, ...over }) as EvidenceItem;
const later = (over: Partial<Dispute>): Dispute => ({ ...before, version: before.version + 1, ...over });

describe('what changed under the reader', () => {
  it('names a colleague\'s claim, the buyer\'s cancellation and new evidence by party', () => {
    const after = later({
      assignee: 'u-cm-2',
      state: 'cancelled',
      evidence: [...before.evidence, item({ id: 'E-new-1', party: 'buyer' }), item({ id: 'E-new-2', party: 'buyer' }), item({ id: 'E-new-3', party: 'seller', addedBy: 'u-cm-2' })],
    });
    expect(changesUnderYou(before, after, 'u-cm-1')).toEqual([
      { kind: 'state', state: 'cancelled' },
      { kind: 'claimed', by: 'u-cm-2' },
      { kind: 'evidence', party: 'buyer', count: 2 },
      { kind: 'evidence', party: 'seller', count: 1 },
    ]);
  });

  it('leaves out what the reader did themselves, and says nothing when the version did not move', () => {
    const mine = later({ assignee: 'u-cm-1', state: 'awaiting_evidence', evidence: [...before.evidence, item({ id: 'E-mine', addedBy: 'u-cm-1' })] });
    expect(changesUnderYou(before, mine, 'u-cm-1')).toEqual([]);
    expect(changesUnderYou(before, { ...before, assignee: 'u-cm-2' }, 'u-cm-1')).toEqual([]);
  });

  it('names a release, a colleague\'s ruling, new messages and notes', () => {
    const held = { ...before, assignee: 'u-cm-2' };
    const after = later({
      assignee: undefined,
      ruling: { outcome: 'full_refund', rationale: 'x', citedEvidenceIds: [], policyCodes: [], ruledBy: 'u-tl-1', ruledAt: '2026-11-26T10:00:00.000Z' } as unknown as Dispute['ruling'],
      messages: [...before.messages, { ...before.messages[0]!, id: 'M-new' }],
      internalNotes: [{ id: 'N-1', text: 'Checked the courier', by: 'u-cm-2', at: '2026-11-26T10:00:00.000Z' }, { id: 'N-2', text: 'unsent' }] as unknown as Dispute['internalNotes'],
    });
    expect(changesUnderYou(held, after, 'u-cm-1')).toEqual([
      { kind: 'released', by: 'u-cm-2' },
      { kind: 'ruled', by: 'u-tl-1' },
      { kind: 'messages', count: 1 },
      { kind: 'notes', count: 1 },
    ]);
  });
});
