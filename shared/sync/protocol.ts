import { z } from 'zod';
import {
  agreementSchema,
  auditEntrySchema,
  disputeSchema,
  evidenceItemSchema,
  evidenceNoteSchema,
  evidenceRequestSchema,
  internalNoteSchema,
  roleSchema,
  rulingDraftSchema,
  sha256Schema,
  timestampSchema,
} from '../domain/model';
import { refusalCodes, type RefusalParams } from '../domain/refusals';
import { retentionDaysSchema } from '../domain/retention';
import { boundedText, identifier, listLimits, textLimits, textRefusalCodes } from '../domain/text';
import { storeHealthSchema } from './transfer-protocol';

/**
 * The sync protocol's version. Every request carries it; the service refuses a version it does
 * not speak with `schema_version_unsupported`, so an old client is told to update rather than
 * misread.
 */
export const syncSchemaVersion = 1;

/** A client id: made by the desk once per installation and user. */
export const clientIdSchema = boundedText(64).min(8);

const disputeId = identifier();

/** The arguments of every mutation a client can push, by name. */
export const mutationArgs = {
  'dispute.claim': z.object({ disputeId }),
  'dispute.release': z.object({ disputeId }),
  'ruling.record': z.object({ disputeId, draft: rulingDraftSchema }),
  /** Evidence a team member brought into the case (its file is uploaded to /blobs first). */
  'evidence.add': z.object({
    disputeId,
    item: evidenceItemSchema.omit({ addedBy: true, receivedAt: true, serviceFindings: true, label: true }),
    /**
     * Set by a desk whose file can never reach the service (too large for it, or gone from the
     * desk's store): the item is recorded without its file instead of waiting for it (decision 0021).
     */
    fileNotSent: z.enum(['too_large', 'missing']).optional(),
  }),
  /** Asks a party for evidence of some kinds by a due date; the service stamps when. */
  'evidence.request': z.object({
    disputeId,
    request: evidenceRequestSchema.omit({ requestedAt: true }),
  }),
  /** Moves a request's due date later. */
  'evidence.extendDue': z.object({ disputeId, requestId: identifier(), dueAt: timestampSchema }),
  /** A note for the team; the service stamps who and when. */
  'case.note': z.object({ disputeId, note: internalNoteSchema.omit({ by: true, at: true }) }),
  /** Terms both parties agreed, recorded by the case manager; the service stamps when. */
  'agreement.record': z.object({ disputeId, agreement: agreementSchema.omit({ recordedAt: true }) }),
  /** A team lead overturns a ruling with a reason; the dispute goes back for a new ruling. */
  'ruling.overturn': z.object({ disputeId, reason: boundedText(textLimits.freeText).trim().min(1) }),
  /** A team lead picks a ruled dispute for a second review by a colleague. */
  'review.assign': z.object({ disputeId, reviewerId: identifier() }),
  /** The second reviewer agrees or disagrees with the ruling, with a comment. */
  'review.record': z.object({ disputeId, verdict: z.enum(['agree', 'disagree']), comment: boundedText(textLimits.freeText) }),
  /** A note on one evidence item; the service stamps who and when. */
  'evidence.note': z.object({ disputeId, note: evidenceNoteSchema.omit({ by: true, at: true }) }),
} as const;

/** The name of a mutation. */
export type MutationName = keyof typeof mutationArgs;

/** The mutation names, for schemas and role checks. */
export const mutationNames = Object.keys(mutationArgs) as [MutationName, ...MutationName[]];

/**
 * One local change, pushed in order. `mutationId` counts up from 1 per client; `baseVersion` is
 * the dispute's version the user saw when they made the change.
 */
export const mutationSchema = z.object({
  clientId: clientIdSchema,
  mutationId: z.number().int().positive(),
  name: identifier(),
  args: z.unknown(),
  baseVersion: z.number().int().nonnegative(),
});
/** A pushed mutation, before its name and arguments are checked. */
export type Mutation = z.infer<typeof mutationSchema>;

/**
 * A mutation as a push carries it: only what identifies it is checked with the push, so that
 * anything wrong in the rest (its name, its base version) is answered as that mutation's outcome
 * and the changes after it still flow.
 */
export const pushedMutationSchema = z.object({
  clientId: z.unknown().optional(),
  mutationId: z.number().int().positive(),
  name: z.unknown().optional(),
  args: z.unknown().optional(),
  baseVersion: z.unknown().optional(),
});
/** A mutation as pushed, before anything but its id is checked. */
export type PushedMutation = z.infer<typeof pushedMutationSchema>;

/** The most mutations one push may carry. */
export const maxMutationsPerPush = 500;

/** A push: this client's next mutations, in order. */
export const pushRequestSchema = z.object({
  schemaVersion: z.number().int(),
  clientId: clientIdSchema,
  mutations: z.array(pushedMutationSchema).min(1).max(maxMutationsPerPush),
});
/** A push request. */
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Why a mutation was refused: the rules' reasons, and the protocol's own. A base version the
 * dispute has not reached and a user id nobody has are refused before the rules run.
 */
export const mutationRefusalCodes = [
  ...refusalCodes,
  'unknown_mutation',
  'invalid_args',
  ...textRefusalCodes,
  'out_of_order',
  'base_version_ahead',
  'user_not_found',
] as const;

/** The longest message an outcome carries; what it quotes from the mutation is shorter still. */
export const maxOutcomeMessage = 2000;

/**
 * A refusal's parameters as they cross the network: plain values only, few and short, so a
 * service cannot make a desk store anything large through them.
 */
export const refusalParamsSchema = z
  .record(
    z.string().max(40),
    z.union([
      boundedText(200),
      z.number().finite(),
      z.array(boundedText(200)).max(50).readonly(),
      z.object({ amountMinor: z.number().int(), currency: z.string().length(3) }).readonly(),
    ]),
  )
  .refine((params) => Object.keys(params).length <= 12, 'A refusal carries at most 12 parameters.');

/**
 * A rule's parameters cut to what `refusalParamsSchema` takes, so a long list (many late items
 * cited) cannot make a whole push answer unreadable; the message still says everything.
 */
export function boundRefusalParams(params: RefusalParams): RefusalParams {
  const entries = Object.entries(params)
    .slice(0, 12)
    .map(([key, value]) => {
      if (typeof value === 'string') return [key, value.slice(0, 200)];
      if (Array.isArray(value)) return [key, (value as readonly string[]).slice(0, 50).map((item) => item.slice(0, 200))];
      return [key, value];
    });
  return Object.fromEntries(entries) as RefusalParams;
}

/** What became of one mutation. Stored by the service, so a replay gets the same answer. */
export const mutationOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.number().int().positive(), status: z.literal('applied') }),
  z.object({
    mutationId: z.number().int().positive(),
    status: z.literal('rejected'),
    code: z.enum(mutationRefusalCodes),
    message: boundedText(maxOutcomeMessage),
    /** What the renderer words the refusal from; absent from services older than it (the message is then shown). */
    params: refusalParamsSchema.optional(),
  }),
]);
/** The outcome of one mutation. */
export type MutationOutcome = z.infer<typeof mutationOutcomeSchema>;

/** The answer to a push: one outcome per mutation, in order, and the client's last mutation id. */
export const pushResponseSchema = z.object({
  outcomes: z.array(mutationOutcomeSchema).max(maxMutationsPerPush),
  lastMutationId: z.number().int().nonnegative(),
  /**
   * A change the service did not run yet and recorded nothing for: an `evidence.add` whose file
   * the service's store does not hold. The desk uploads `sha256` and pushes again from `mutationId`.
   */
  waiting: z
    .object({
      mutationId: z.number().int().positive(),
      code: z.literal('file_not_uploaded'),
      sha256: sha256Schema,
      message: boundedText(maxOutcomeMessage),
    })
    .optional(),
});
/** A push response. */
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** The most disputes one pull answers with. */
export const maxPullLimit = 5000;

/**
 * A pull: what changed since `cookie` (null on the first pull), and the outcomes of this client's
 * mutations after `ackedMutationId`.
 */
export const pullRequestSchema = z.object({
  schemaVersion: z.number().int(),
  clientId: clientIdSchema,
  cookie: z.number().int().nonnegative().nullable(),
  ackedMutationId: z.number().int().nonnegative().default(0),
  /** At most this many disputes in one answer; `more` says whether to pull again at once. */
  limit: z.number().int().min(1).max(maxPullLimit).default(1000),
});
/** A pull request. */
export type PullRequest = z.input<typeof pullRequestSchema>;

/** The answer to a pull. `cookie` is the service's change counter, never a clock. */
export const pullResponseSchema = z.object({
  cookie: z.number().int().nonnegative(),
  more: z.boolean(),
  disputes: z.array(disputeSchema).max(maxPullLimit),
  deletedDisputeIds: z.array(identifier()),
  lastMutationId: z.number().int().nonnegative(),
  outcomes: z.array(mutationOutcomeSchema),
  /** The team's retention period (shared/domain/retention.ts); absent from older services, which means the default. */
  retentionDays: retentionDaysSchema.optional(),
});
/** A pull response. */
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Logging in as a team member. */
export const loginRequestSchema = z.object({
  username: boundedText(textLimits.name).min(1),
  password: boundedText(textLimits.password).min(1),
});

/** A team member as the service describes them. */
export const userSchema = z.object({ id: identifier(), name: boundedText(textLimits.name), role: roleSchema });
/** A team member. */
export type User = z.infer<typeof userSchema>;

/** A session: the bearer token to send and when it stops working. */
export const loginResponseSchema = z.object({ token: boundedText(textLimits.identifier), user: userSchema, expiresAt: timestampSchema });

/**
 * The version of the audit page and of its entries' hashing. A page from a newer version is
 * refused by the app with a message to update, never read half-understood.
 */
export const auditSchemaVersion = 1;

/** A page of the service's audit log, for team leads: entries after `after`, and the head now. */
export const auditPageSchema = z.object({
  schemaVersion: z.number().int().positive(),
  entries: z.array(auditEntrySchema),
  /** The newest entry's seq and hash when this page was read: what a verification must end on. */
  head: z.object({ seq: z.number().int().positive(), hash: sha256Schema }).nullable(),
  more: z.boolean(),
});
/** A page of the audit log. */
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The team, as every signed-in member may read it: names for ids, and who can second-review. */
export const teamResponseSchema = z.object({
  members: z.array(userSchema).max(listLimits.long * 10),
  /** The team's settings; absent from older services. */
  settings: z.object({ retentionDays: retentionDaysSchema }).optional(),
});
/** The team. */
export type TeamResponse = z.infer<typeof teamResponseSchema>;

/** A team lead changing the team's settings. */
export const teamSettingsRequestSchema = z.object({ retentionDays: retentionDaysSchema }).strict();
/** The team's settings. */
export type TeamSettings = z.infer<typeof teamSettingsRequestSchema>;

/** The error codes the case service answers with, beside each mutation's own outcome. */
export const serviceErrorCodes = [
  'bad_request',
  'unauthorized',
  'token_expired',
  'forbidden',
  'not_found',
  'payload_too_large',
  'hash_mismatch',
  'schema_version_unsupported',
  'range_not_satisfiable',
  'too_many_attempts',
  'unavailable',
  // Evidence transfers (shared/sync/transfer-protocol.ts).
  'part_mismatch',
  'upload_incomplete',
  'store_unavailable',
] as const;

/** A case service error code. */
export type ServiceErrorCode = (typeof serviceErrorCodes)[number];

/** `GET /health`: the service answers, on which database, and which sync schema it speaks. */
export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  schemaVersion: z.number().int(),
  demo: z.boolean(),
  /** The evidence store (absent from services older than decision 0020). */
  store: storeHealthSchema.optional(),
});

/** What `GET /health` answers. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** The body of every case service error. */
export const serviceErrorSchema = z.object({
  error: z.object({ code: z.enum(serviceErrorCodes), message: boundedText(textLimits.freeText) }),
});
