import { mutationNames, type MutationName } from '../sync/protocol';
import { disputeStateSchema, type Dispute, type DisputeState, type Role } from './model';
import { makeDispute, makeEvidence, makeRequest, usd } from './test-fixtures';

// The state-by-action table for the tests that prove the desk and the service agree: every
// dispute state × role × who holds it × case action, each with the smallest valid mutation for
// that action, so only the situation decides. Test-only, like test-fixtures.ts.

/** Who holds the dispute, from the acting user's side. */
export type Holder = 'none' | 'self' | 'other';

/** One cell of the table. */
export interface GridCell {
  state: DisputeState;
  role: Role;
  holder: Holder;
  action: MutationName;
}

/** The acting user for each role, and the colleague who is "other": server/test-service.ts's team. */
export const gridActors: Record<Role, { id: string; username: string }> = {
  case_manager: { id: 'u-cm-1', username: 'ana' },
  reviewer: { id: 'u-rv-1', username: 'rui' },
  team_lead: { id: 'u-tl-1', username: 'lee' },
};
const otherUser = 'u-cm-2';

/** Every cell: all states × roles × holders × mutations. */
export function gridCells(): GridCell[] {
  const roles: Role[] = ['case_manager', 'reviewer', 'team_lead'];
  const holders: Holder[] = ['none', 'self', 'other'];
  return disputeStateSchema.options.flatMap((state) =>
    roles.flatMap((role) => holders.flatMap((holder) => mutationNames.map((action) => ({ state, role, holder, action })))),
  );
}

/**
 * The cell's dispute: one open evidence request due after `now`, one evidence item answering it,
 * and, once ruled, a ruling by the colleague with a second review drawn for the acting user.
 */
export function cellDispute(cell: GridCell, id: string, now: string): Dispute {
  const actor = gridActors[cell.role].id;
  const later = new Date(Date.parse(now) + 3 * 86_400_000).toISOString();
  const ruled = cell.state === 'ruled' || cell.state === 'closed' || cell.state === 'settled';
  return makeDispute({
    id,
    state: cell.state,
    ...(cell.holder === 'none' ? {} : { assignee: cell.holder === 'self' ? actor : otherUser }),
    evidenceRequests: [makeRequest({ dueAt: later })],
    evidence: [makeEvidence()],
    ...(ruled
      ? {
          ruling: {
            outcome: 'full_refund',
            rationale: 'The video shows the item does not work as described.',
            citedEvidenceIds: [],
            policyCodes: [],
            refund: usd(4000),
            ruledBy: otherUser,
            ruledAt: now,
          },
          secondReview: { reviewerId: actor, assignedBy: 'u-tl-1', assignedAt: now },
        }
      : {}),
  });
}

/** The smallest valid arguments for the cell's mutation on `dispute`, so only the situation decides. */
export function cellArgs(action: MutationName, dispute: Dispute, now: string): Record<string, unknown> {
  const disputeId = dispute.id;
  const later = new Date(Date.parse(now) + 7 * 86_400_000).toISOString();
  switch (action) {
    case 'dispute.claim':
    case 'dispute.release':
      return { disputeId };
    case 'ruling.record':
      return { disputeId, draft: { outcome: 'full_refund', rationale: 'The item does not work.', citedEvidenceIds: [], policyCodes: [] } };
    case 'evidence.add':
      return {
        disputeId,
        item: { id: 'E-new', party: 'seller', kind: 'document', channel: 'external_link', url: 'https://example.com/a', description: 'A receipt.', submittedAt: now },
      };
    case 'evidence.request':
      return { disputeId, request: { id: 'R-new', party: 'seller', kinds: ['photo'], note: '', dueAt: later } };
    case 'evidence.extendDue':
      return { disputeId, requestId: 'R-1', dueAt: later };
    case 'case.note':
      return { disputeId, note: { id: 'N-new', text: 'A note.' } };
    case 'agreement.record':
      return { disputeId, agreement: { terms: 'Half back.', refund: usd(2000), withReturn: false, submittedBy: 'buyer' } };
    case 'ruling.overturn':
      return { disputeId, reason: 'The evidence was misread.' };
    case 'review.assign':
      return { disputeId, reviewerId: 'u-tl-1' };
    case 'review.record':
      return { disputeId, verdict: 'agree', comment: '' };
    case 'evidence.note':
      return { disputeId, note: { id: 'EN-new', evidenceId: 'E-1', text: 'At 0:03 the light stays off.' } };
    default: {
      const never: never = action;
      throw new Error(`No arguments for ${String(never)}`);
    }
  }
}
