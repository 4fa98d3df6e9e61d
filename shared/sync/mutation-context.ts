import type { AuditRecordOf } from '../audit/payloads';
import type { ServiceFindings } from '../domain/evidence-checks';
import type { Dispute, Role } from '../domain/model';
import type { MutationName } from './protocol';

// The types every mutation's handler shares, apart from apply.ts, which imports the handlers:
// the handlers import these, not apply.ts, so no import goes round in a circle.

/** Who is making a change. */
export interface Actor {
  id: string;
  role: Role;
}

/** Who makes a change, and when the service says it is. */
export interface MutationContext {
  actor: Actor;
  now: string;
  /** For `evidence.add` on the case service: what its own checks found (decision 0021). */
  evidenceFindings?: ServiceFindings;
}

/**
 * What an applied mutation leaves: the changed dispute and the audit entry's action and payload,
 * the payload typed by that action's schema in shared/audit/payloads.ts (which the readers parse with).
 */
export interface AppliedMutation {
  dispute: Dispute;
  audit: AuditRecordOf<MutationName>;
}
