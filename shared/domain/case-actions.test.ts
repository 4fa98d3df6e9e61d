import { describe, expect, it } from 'vitest';
import { applyMutation, parseMutation } from '../sync/apply';
import { cellArgs, cellDispute, gridActors, gridCells, type GridCell } from './case-action-grid';
import { caseActionAllowed } from './case-actions';
import { makeDispute, makeRequest, now } from './test-fixtures';

const ana = { id: 'u-cm-1', role: 'case_manager' } as const;
const lee = { id: 'u-tl-1', role: 'team_lead' } as const;
const rui = { id: 'u-rv-1', role: 'reviewer' } as const;

function codeOf(result: ReturnType<typeof caseActionAllowed>): string {
  return result.ok ? 'allowed' : result.refusal.code;
}

describe('which case actions fit', () => {
  it('refuses a claim on a case you already hold, and lets a team lead take one over', () => {
    expect(codeOf(caseActionAllowed('dispute.claim', makeDispute({ assignee: 'u-cm-1' }), ana, now))).toBe('already_claimed');
    expect(codeOf(caseActionAllowed('dispute.claim', makeDispute({ assignee: 'u-cm-2' }), ana, now))).toBe('claimed_by_other');
    expect(codeOf(caseActionAllowed('dispute.claim', makeDispute({ assignee: 'u-cm-2' }), lee, now))).toBe('allowed');
    expect(codeOf(caseActionAllowed('dispute.claim', makeDispute(), ana, now))).toBe('allowed');
  });

  it('refuses claim, release, requests, extensions, agreed terms and evidence on a ruled dispute, but keeps notes', () => {
    const ruled = makeDispute({ state: 'ruled', assignee: 'u-cm-1', evidenceRequests: [makeRequest({ dueAt: '2025-03-20T09:00:00Z' })] });
    for (const action of ['dispute.claim', 'dispute.release', 'evidence.request', 'evidence.extendDue', 'agreement.record', 'evidence.add', 'ruling.record'] as const) {
      expect(codeOf(caseActionAllowed(action, ruled, ana, now)), action).toBe('already_ruled');
    }
    expect(codeOf(caseActionAllowed('case.note', ruled, ana, now))).toBe('allowed');
    expect(codeOf(caseActionAllowed('evidence.note', ruled, rui, now))).toBe('allowed');
  });

  it('refuses every working action on an ended dispute with the code of how it ended', () => {
    expect(codeOf(caseActionAllowed('dispute.release', makeDispute({ state: 'closed', assignee: 'u-cm-1' }), ana, now))).toBe('dispute_closed');
    expect(codeOf(caseActionAllowed('evidence.extendDue', makeDispute({ state: 'cancelled', evidenceRequests: [makeRequest()] }), ana, now))).toBe('claim_cancelled');
    expect(codeOf(caseActionAllowed('case.note', makeDispute({ state: 'cancelled' }), ana, now))).toBe('allowed');
  });

  it('says when there is no request whose due date could move', () => {
    const refused = caseActionAllowed('evidence.extendDue', makeDispute(), ana, now);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal).toMatchObject({ code: 'no_requests', params: { disputeId: 'D-1001' } });
  });

  it('gives the role refusal with its role and action as parameters', () => {
    const refused = caseActionAllowed('dispute.claim', makeDispute(), rui, now);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal).toMatchObject({ code: 'not_allowed', params: { role: 'reviewer', action: 'dispute.claim' } });
  });
});

/**
 * The state-by-action table, on the desk's side: for every cell, what the desk shows (allowed or
 * the refusal's code) is what applyMutation — the function the service runs — does with the
 * smallest valid mutation for it. server/case-actions.test.ts pushes the same table to a service.
 */
describe('the state-by-action table', () => {
  function outcome(cell: GridCell): { desk: string; applied: string } {
    const actor = { id: gridActors[cell.role].id, role: cell.role };
    const dispute = cellDispute(cell, 'D-1001', now);
    const parsed = parseMutation(cell.action, cellArgs(cell.action, dispute, now));
    if (!parsed.ok) throw new Error(`${cell.action}: ${parsed.message}`);
    const applied = applyMutation(dispute, parsed.value, dispute.version, { actor, now });
    return { desk: codeOf(caseActionAllowed(cell.action, dispute, actor, now)), applied: applied.ok ? 'allowed' : applied.refusal.code };
  }

  it('desk availability equals what applying the mutation does, in every cell', () => {
    const cells = gridCells();
    expect(cells.length).toBe(9 * 3 * 3 * 12);
    const disagreements = cells.map((cell) => ({ cell, ...outcome(cell) })).filter((row) => row.desk !== row.applied);
    expect(disagreements).toEqual([]);
  });

  it('allows something in the table and refuses something, so the comparison means something', () => {
    const codes = new Set(gridCells().map((cell) => outcome(cell).desk));
    expect(codes).toContain('allowed');
    for (const code of ['already_claimed', 'already_ruled', 'claimed_by_other', 'not_allowed', 'dispute_closed', 'not_claimed']) expect(codes).toContain(code);
  });
});
