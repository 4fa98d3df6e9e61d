import { z } from 'zod';
import { evidenceKindSchema } from '../domain/evidence-kind';
import { moneySchema } from '../domain/money';
import { partySchema, rulingDraftSchema, rulingOutcomeSchema } from '../domain/model';
import { refusalParamsSchema, type MutationName } from '../sync/protocol';

// What each audit action's payload holds: one schema per action, used by the writer
// (shared/sync/apply.ts and the handlers it calls build payloads typed from these) and by every
// reader (renderer/data/audit-sync.ts parses with them), so a change on one side is a type error
// or a visible "unreadable" record on the other, never a silently missing field.
//
// Schemas keep keys they do not name (the service adds `before` and `after` to every applied
// change), and hold no length limits: an entry once written stays readable.

const id = z.string().min(1);
const time = z.string().min(1);

/** The payload schema of every audit action a change by a team member leaves. */
export const auditPayloadSchemas = {
  'dispute.claim': z.looseObject({ disputeId: id, previousAssignee: id.optional() }),
  'dispute.release': z.looseObject({ disputeId: id, previousAssignee: id }),
  'ruling.record': z.looseObject({
    disputeId: id,
    /** The dispute version the case manager saw; absent from the demo's history, which was never pushed. */
    baseVersion: z.number().int().optional(),
    /** Set on the rulings the demo workspace wrote into the log when it was made (server/seed.ts). */
    demoHistory: z.literal(true).optional(),
    outcome: rulingOutcomeSchema,
    refund: moneySchema.optional(),
    citedEvidenceIds: z.array(z.string()),
    citedNoteIds: z.array(z.string()).optional(),
    rationale: z.string(),
    policyCodes: z.array(z.string()),
    rejectionReason: rulingDraftSchema.shape.rejectionReason,
    lateEvidenceOverride: z.string().optional(),
    /** The case manager who held the dispute when a team lead ruled it instead. */
    overruledAssignee: id.optional(),
  }),
  'evidence.add': z.looseObject({
    disputeId: id,
    evidenceId: id,
    party: partySchema,
    sha256: z.string().optional(),
    url: z.string().optional(),
    /** The desk's flags, as it claimed them. */
    flags: z.array(z.string()),
    /** When the desk says it was submitted, and when the service received it (absent before decision 0021). */
    submittedAt: time.optional(),
    receivedAt: time.optional(),
    /** Why the desk could never send the file, when it could not. */
    fileNotSent: z.string().optional(),
    /** What the service found itself, from the bytes it holds and its own clock. */
    serviceFindings: z
      .looseObject({ file: z.string(), flags: z.array(z.string()), sniffedType: z.string().optional(), sizeBytes: z.number().optional() })
      .optional(),
  }),
  'evidence.note': z.looseObject({ disputeId: id, noteId: id, evidenceId: id, atSeconds: z.number().optional(), frame: z.number().optional(), text: z.string() }),
  'evidence.request': z.looseObject({ disputeId: id, requestId: id, party: partySchema, kinds: z.array(evidenceKindSchema), dueAt: time }),
  'evidence.extendDue': z.looseObject({ disputeId: id, requestId: id, previousDueAt: time, dueAt: time }),
  'case.note': z.looseObject({ disputeId: id, noteId: id, text: z.string() }),
  'agreement.record': z.looseObject({ disputeId: id, refund: moneySchema, withReturn: z.boolean(), submittedBy: partySchema }),
  'ruling.overturn': z.looseObject({ disputeId: id, reason: z.string(), ruledBy: id, ruledAt: time, outcome: rulingOutcomeSchema, refund: moneySchema.optional() }),
  'review.assign': z.looseObject({ disputeId: id, reviewerId: id, ruledBy: id }),
  'review.record': z.looseObject({ disputeId: id, verdict: z.enum(['agree', 'disagree']), comment: z.string(), ruledBy: id }),
  /**
   * A change the service refused: which one, its refusal code, the sentence the user saw, and the
   * parameters the desk words it from (people and evidence by id). Entries older than params, or
   * with params this version cannot read, are still read: the sentence is then worded without them.
   */
  'mutation.rejected': z.looseObject({ mutation: z.string(), code: z.string(), message: z.string(), params: refusalParamsSchema.optional().catch(undefined) }),
} satisfies Record<MutationName | 'mutation.rejected', z.ZodType>;

/** An audit action whose payload has a schema. */
export type AuditAction = keyof typeof auditPayloadSchemas;

/** The payload an action's audit entry carries. */
export type AuditPayload<A extends AuditAction> = z.output<(typeof auditPayloadSchemas)[A]>;

/** An action with its payload, for each of `A`: what a writer hands the audit log. */
export type AuditRecordOf<A extends AuditAction> = { [K in A]: { action: K; payload: AuditPayload<K> } }[A];

/** An audit entry's payload as a reader finds it: parsed by its action's schema, or why it could not be. */
export type ReadAuditPayload =
  | { ok: true; record: AuditRecordOf<AuditAction> }
  | { ok: false; action: string; problem: 'unknown_action' | 'invalid_payload'; message: string };

function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(auditPayloadSchemas, action);
}

/**
 * Parses an audit entry's payload with its action's schema. An action without a schema, or a
 * payload its schema refuses, is an answer too (with zod's explanation), so a reader can show the
 * entry as unreadable rather than drop it or read fields that are not there.
 */
export function readAuditPayload(action: string, payload: unknown): ReadAuditPayload {
  if (!isAuditAction(action)) {
    return { ok: false, action, problem: 'unknown_action', message: `This version of Dispute Desk does not know the audit action "${action}".` };
  }
  const parsed = auditPayloadSchemas[action].safeParse(payload);
  if (!parsed.success) {
    return { ok: false, action, problem: 'invalid_payload', message: `The details of this "${action}" entry do not have the expected form: ${z.prettifyError(parsed.error)}` };
  }
  // safeParse on auditPayloadSchemas[action] tied the payload to its action; TypeScript cannot see it.
  return { ok: true, record: { action, payload: parsed.data } as AuditRecordOf<AuditAction> };
}
