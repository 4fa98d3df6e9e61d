import type { Dispute, Role } from '../../shared/domain/model';
import type { Refusal } from '../../shared/domain/refusals';
import { applyMutation } from '../../shared/sync/apply';

/**
 * Why the shared rules would refuse new evidence from `actor` on `dispute`, or undefined when
 * they would accept it: asked of the same function the case service runs, so the intake and the
 * viewer's snapshots are offered exactly when the change would be accepted (case managers and
 * team leads, on a dispute neither ended nor ruled).
 */
export function addEvidenceRefusal(dispute: Dispute, actor: { id: string; role: Role }): Refusal | undefined {
  // An empty id can never match an existing item (ids are non-empty), so only role and state decide.
  const probe = { id: '', party: 'buyer', kind: 'document', channel: 'upload', description: '', submittedAt: dispute.updatedAt } as const;
  const result = applyMutation(dispute, { name: 'evidence.add', args: { disputeId: dispute.id, item: probe } }, dispute.version, {
    actor,
    now: dispute.updatedAt,
  });
  return result.ok ? undefined : result.refusal;
}
