import { describe, expect, it } from 'vitest';
import { evidenceNoteSchema, type Dispute, type RulingDraft } from '../domain/model';
import type { RuleResult } from '../domain/refusals';
import { isReadableSentence, makeDispute, makeDraft, makeEvidence, now, refusalOf, usd, valueOf } from '../domain/test-fixtures';
import { applyMutation, mayRun, parseMutation, type Actor, type ParsedMutation } from './apply';
import { mutationNames } from './protocol';

const ana: Actor = { id: 'cm-ana', role: 'case_manager' };
const ben: Actor = { id: 'cm-ben', role: 'case_manager' };
const lead: Actor = { id: 'tl-lee', role: 'team_lead' };
const rita: Actor = { id: 'rv-rita', role: 'reviewer' };
const disputeId = 'D-1001';
const claim: ParsedMutation = { name: 'dispute.claim', args: { disputeId } };
const release: ParsedMutation = { name: 'dispute.release', args: { disputeId } };

function rule(draft: RulingDraft = makeDraft()): ParsedMutation {
  return { name: 'ruling.record', args: { disputeId, draft } };
}

/** Applies as `actor` on a client that saw version 10, the fixtures' current version. */
function run(dispute: Dispute | undefined, mutation: ParsedMutation, actor: Actor, baseVersion = 10) {
  return applyMutation(dispute, mutation, baseVersion, { actor, now });
}

function expectRefused(result: RuleResult<unknown>, code: string): void {
  const refusal = refusalOf(result);
  expect(refusal.code).toBe(code);
  expect(refusal.message).toSatisfy(isReadableSentence);
}

describe('parsing pushed mutations', () => {
  it('accepts a known mutation with valid arguments', () => {
    expect(parseMutation('dispute.claim', { disputeId })).toEqual({ ok: true, value: claim });
  });

  it('refuses unknown names, inherited keys included, and invalid arguments', () => {
    expect(parseMutation('dispute.delete', { disputeId })).toMatchObject({ ok: false, code: 'unknown_mutation' });
    expect(parseMutation('toString', {})).toMatchObject({ ok: false, code: 'unknown_mutation' });
    const invalid = parseMutation('ruling.record', { disputeId, draft: { outcome: 'refund_everything' } });
    expect(invalid).toMatchObject({ ok: false, code: 'invalid_args' });
    if (!invalid.ok) expect(invalid.message).toMatch(/^The change "ruling.record" was sent with invalid details/);
  });
});

describe('who may run what', () => {
  it('case managers and team leads claim, release and rule; reviewers only compare and note evidence', () => {
    const teamLeadsOnly = ['ruling.overturn', 'review.assign'];
    const everyone = ['evidence.note', 'review.record'];
    for (const name of mutationNames) {
      expect(mayRun('case_manager', name), name).toBe(!teamLeadsOnly.includes(name));
      expect(mayRun('team_lead', name), name).toBe(true);
      expect(mayRun('reviewer', name), name).toBe(everyone.includes(name));
    }
    expectRefused(run(makeDispute(), claim, rita), 'not_allowed');
    expectRefused(run(makeDispute(), rule(), rita), 'not_allowed');
  });

  it('refuses a change to a dispute the service does not have', () => {
    expectRefused(run(undefined, claim, ana), 'dispute_not_found');
    expectRefused(run(makeDispute({ id: 'D-2' }), claim, ana), 'dispute_not_found');
  });
});

describe('claiming and releasing', () => {
  // Issue 18: a second claim by its holder used to be applied and logged again; it is refused.
  it('a case manager claims an unassigned dispute, and claiming it again is refused', () => {
    const claimed = valueOf(run(makeDispute(), claim, ana));
    expect(claimed.dispute.assignee).toBe('cm-ana');
    expect(claimed.audit).toEqual({ action: 'dispute.claim', payload: { disputeId } });
    expectRefused(run(claimed.dispute, claim, ana), 'already_claimed');
  });

  it("a dispute claimed by another case manager is theirs unless a team lead takes it over", () => {
    const anas = makeDispute({ assignee: 'cm-ana' });
    expectRefused(run(anas, claim, ben), 'claimed_by_other');
    const taken = valueOf(run(anas, claim, lead));
    expect(taken.dispute.assignee).toBe('tl-lee');
    expect(taken.audit.payload).toEqual({ disputeId, previousAssignee: 'cm-ana' });
  });

  it('a closed, cancelled or accepted dispute cannot be claimed', () => {
    expectRefused(run(makeDispute({ state: 'cancelled' }), claim, ana), 'claim_cancelled');
    expectRefused(run(makeDispute({ state: 'offer_accepted' }), claim, ana), 'offer_accepted');
    expectRefused(run(makeDispute({ state: 'closed' }), claim, ana), 'dispute_closed');
  });

  it('only the assignee or a team lead releases a dispute', () => {
    const anas = makeDispute({ assignee: 'cm-ana' });
    const released = valueOf(run(anas, release, ana));
    expect(released.dispute).not.toHaveProperty('assignee');
    expect(released.audit).toEqual({ action: 'dispute.release', payload: { disputeId, previousAssignee: 'cm-ana' } });
    expectRefused(run(anas, release, ben), 'not_claimed');
    expect(valueOf(run(anas, release, lead)).dispute.assignee).toBeUndefined();
    expectRefused(run(makeDispute(), release, lead), 'not_claimed');
  });
});

describe('recording a ruling', () => {
  it('rules the dispute, records who and when, and tells the audit log what was decided', () => {
    const dispute = makeDispute({ evidence: [makeEvidence({ requestId: undefined })] });
    const draft = makeDraft({ outcome: 'partial_refund', refund: usd(1500), citedEvidenceIds: ['E-1'], policyCodes: ['NAD-2'] });
    const { dispute: ruled, audit } = valueOf(run(dispute, rule(draft), ana));
    expect(ruled).toMatchObject({ state: 'ruled', assignee: 'cm-ana', ruling: { ...draft, ruledBy: 'cm-ana', ruledAt: now } });
    expect(ruled).toMatchObject({ version: dispute.version, evidenceVersion: dispute.evidenceVersion, updatedAt: dispute.updatedAt });
    expect(audit).toEqual({
      action: 'ruling.record',
      payload: {
        disputeId,
        baseVersion: 10,
        outcome: 'partial_refund',
        refund: usd(1500),
        citedEvidenceIds: ['E-1'],
        rationale: draft.rationale,
        policyCodes: ['NAD-2'],
      },
    });
  });

  it('a dispute claimed by another case manager is ruled only by them or a team lead', () => {
    const anas = makeDispute({ assignee: 'cm-ana' });
    expectRefused(run(anas, rule(), ben), 'claimed_by_other');
    const { dispute, audit } = valueOf(run(anas, rule(), lead));
    expect(dispute).toMatchObject({ assignee: 'cm-ana', ruling: { ruledBy: 'tl-lee' } });
    expect(audit.payload).toMatchObject({ overruledAssignee: 'cm-ana' });
  });

  it('evidence that arrived after the version the case manager saw stops the ruling', () => {
    const dispute = makeDispute({ version: 12, evidenceVersion: 11 });
    expectRefused(run(dispute, rule(), ana, 10), 'new_evidence');
    expect(run(dispute, rule(), ana, 11).ok).toBe(true);
  });

  it('a closed, cancelled or accepted dispute cannot be ruled, even with newer evidence', () => {
    for (const [state, code] of [
      ['cancelled', 'claim_cancelled'],
      ['offer_accepted', 'offer_accepted'],
      ['closed', 'dispute_closed'],
      ['ruled', 'already_ruled'],
    ] as const) {
      expectRefused(run(makeDispute({ state, evidenceVersion: 11 }), rule(), ana, 10), code);
    }
  });

  it("applies the seed's ruling rules", () => {
    expectRefused(run(makeDispute(), rule(makeDraft({ rationale: '' })), ana), 'rationale_missing');
    expectRefused(run(makeDispute(), rule(makeDraft({ outcome: 'refund_after_return' })), ana), 'return_address_unconfirmed');
    expectRefused(run(makeDispute(), rule(makeDraft({ outcome: 'partial_refund', refund: usd(9999) })), ana), 'refund_exceeds_paid');
  });
});

describe('ruling as the parties agreed', () => {
  it('settles the dispute with the agreed refund once terms are recorded, and is refused without them', () => {
    const agreement = { terms: 'Seller refunds 20.00; buyer keeps the item.', refund: usd(2000), withReturn: false, submittedBy: 'buyer' as const, recordedAt: now };
    const settled = valueOf(run(makeDispute({ agreement }), rule(makeDraft({ outcome: 'as_agreed' })), ana)).dispute;
    expect(settled).toMatchObject({ state: 'settled', closedAt: now, ruling: { outcome: 'as_agreed', refund: usd(2000), ruledBy: ana.id } });
    expectRefused(run(makeDispute(), rule(makeDraft({ outcome: 'as_agreed' })), ana), 'no_agreement');
  });
});

describe('evidence.add', () => {
  const item = { ...makeEvidence({ id: 'EV-new', party: 'buyer' }), flags: [{ code: 'late' as const, reason: 'Submitted after the due date.', details: {} }] };
  const add: ParsedMutation = { name: 'evidence.add', args: { disputeId, item } };

  it('appends the item with who added it, and audits its flags', () => {
    const applied = valueOf(run(makeDispute({ state: 'awaiting_evidence' }), add, ana));
    expect(applied.dispute.evidence.at(-1)).toMatchObject({ id: 'EV-new', addedBy: 'cm-ana', flags: [{ code: 'late' }] });
    expect(applied.audit).toMatchObject({ action: 'evidence.add', payload: { evidenceId: 'EV-new', flags: ['late'] } });
  });

  it('refuses an item id the dispute already has, a ruled or ended dispute, and reviewers', () => {
    const withItem = makeDispute({ state: 'under_review', evidence: [makeEvidence({ id: 'EV-new' })] });
    expectRefused(run(withItem, add, ana), 'evidence_exists');
    expectRefused(run(makeDispute({ state: 'ruled' }), add, ana), 'already_ruled');
    expectRefused(run(makeDispute({ state: 'cancelled' }), add, ana), 'claim_cancelled');
    expectRefused(run(makeDispute({ state: 'under_review' }), add, rita), 'not_allowed');
  });
});

describe('evidence.note', () => {
  const noted = (evidenceId: string, id = 'N-1'): ParsedMutation => ({ name: 'evidence.note', args: { disputeId, note: { id, evidenceId, atSeconds: 3.2, text: 'The seal is already broken at 0:03.' } } });

  it('lets a reviewer note an item, stamped with who and when', () => {
    const applied = valueOf(run(makeDispute({ evidence: [makeEvidence({ id: 'E-1' })] }), noted('E-1'), rita));
    expect(applied.dispute.evidenceNotes).toEqual([{ id: 'N-1', evidenceId: 'E-1', atSeconds: 3.2, text: 'The seal is already broken at 0:03.', by: 'rv-rita', at: now }]);
    expect(applied.audit).toMatchObject({ action: 'evidence.note', payload: { noteId: 'N-1', evidenceId: 'E-1' } });
  });

  it("keeps a decoded video's frame index beside the time, in the note and the audit log", () => {
    const atFrame: ParsedMutation = { name: 'evidence.note', args: { disputeId, note: { id: 'N-2', evidenceId: 'E-1', atSeconds: 0.233, frame: 7, text: 'Tape cut here.' } } };
    const applied = valueOf(run(makeDispute({ evidence: [makeEvidence({ id: 'E-1' })] }), atFrame, rita));
    expect(applied.dispute.evidenceNotes?.[0]).toMatchObject({ atSeconds: 0.233, frame: 7 });
    expect(applied.audit).toMatchObject({ payload: { atSeconds: 0.233, frame: 7 } });
  });

  it('takes only a whole, non-negative, bounded frame index', () => {
    const note = { id: 'N-3', evidenceId: 'E-1', atSeconds: 1, text: 'x' };
    for (const frame of [-1, 1.5, 1e12, Number.NaN]) expect(evidenceNoteSchema.safeParse({ ...note, frame }).success, String(frame)).toBe(false);
    expect(evidenceNoteSchema.safeParse({ ...note, frame: 0 }).success).toBe(true);
  });

  it('refuses a note on an item the dispute does not have, and a note id used twice', () => {
    expectRefused(run(makeDispute({ evidence: [makeEvidence({ id: 'E-1' })] }), noted('E-404'), rita), 'evidence_not_found');
    const once = valueOf(run(makeDispute({ evidence: [makeEvidence({ id: 'E-1' })] }), noted('E-1'), rita)).dispute;
    expectRefused(run(once, noted('E-1'), ana), 'evidence_exists');
  });
});
