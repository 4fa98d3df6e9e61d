import { z } from 'zod';
import { evidenceFlagSchema, serviceFindingsSchema } from './evidence-checks';
import { evidenceKindSchema } from './evidence-kind';
import { moneySchema } from './money';
import { boundedText, identifier, listLimits, textLimits } from './text';

/** A UTC ISO-8601 time stamped by the case service. */
export const timestampSchema = z.iso.datetime({ offset: false });

/** A SHA-256 digest in lowercase hex: how evidence files are named everywhere. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 digest is 64 lowercase hex characters.');

/** The two sides of a dispute. */
export const partySchema = z.enum(['buyer', 'seller']);
/** A side of a dispute. */
export type Party = z.infer<typeof partySchema>;

/** Why the buyer opened the dispute. */
export const disputeReasonSchema = z.enum(['not_received', 'late_delivery', 'not_as_described', 'quantity_short', 'other']);
/** Why the buyer opened the dispute. */
export type DisputeReason = z.infer<typeof disputeReasonSchema>;

/**
 * Where a dispute is in its life. The main path is negotiating → escalated → awaiting_evidence →
 * under_review → ruled → closed; the seed's other exits are cancelled (the buyer cancelled the
 * claim), offer_accepted (the buyer accepted the seller's latest refund offer, which closes the
 * dispute at once) and settled (processed as the parties agreed).
 */
export const disputeStateSchema = z.enum([
  'negotiating',
  'escalated',
  'awaiting_evidence',
  'under_review',
  'ruled',
  'closed',
  'cancelled',
  'offer_accepted',
  'settled',
]);
/** Where a dispute is in its life. */
export type DisputeState = z.infer<typeof disputeStateSchema>;

/** The roles of the Case Management Team. */
export const roleSchema = z.enum(['case_manager', 'reviewer', 'team_lead']);
/** A team member's role. */
export type Role = z.infer<typeof roleSchema>;

/** A buyer or seller as the marketplace knows them. */
export const personSchema = z.object({
  id: identifier(),
  name: boundedText(textLimits.name).min(1),
  /** ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/),
  /** BCP 47 tag of the language they write in. */
  language: boundedText(textLimits.shortText).min(2),
});
/** A buyer or seller. */
export type Person = z.infer<typeof personSchema>;

/** One line of the order. */
export const orderItemSchema = z.object({
  title: boundedText(textLimits.name).min(1),
  quantity: z.number().int().positive(),
  unitPrice: moneySchema,
});

/** The order the dispute is about. `paid` is what the buyer paid in all: no refund may exceed it. */
export const orderSchema = z.object({
  id: identifier(),
  placedAt: timestampSchema,
  items: z.array(orderItemSchema).min(1).max(listLimits.long),
  paid: moneySchema,
  shippedAt: timestampSchema.optional(),
  trackingNumber: boundedText(textLimits.shortText).optional(),
});
/** The order the dispute is about. */
export type Order = z.infer<typeof orderSchema>;

/** A message from the negotiation, shown as inert text in any language. */
export const messageSchema = z.object({
  id: identifier(),
  from: z.enum(['buyer', 'seller', 'platform']),
  body: boundedText(textLimits.freeText),
  language: boundedText(textLimits.shortText).min(2),
  at: timestampSchema,
});
/** A negotiation message. */
export type Message = z.infer<typeof messageSchema>;

/** A refund offer made during negotiation. The seller's latest one is what the buyer can accept. */
export const refundOfferSchema = z.object({
  id: identifier(),
  by: partySchema,
  refund: moneySchema,
  /** Whether the offer includes returning the item. */
  withReturn: z.boolean(),
  at: timestampSchema,
});
/** A refund offer. */
export type RefundOffer = z.infer<typeof refundOfferSchema>;

export { evidenceKindSchema, type EvidenceKind } from './evidence-kind';

/** A request for evidence from one party, in some kinds, before a due date. */
export const evidenceRequestSchema = z.object({
  id: identifier(),
  party: partySchema,
  kinds: z.array(evidenceKindSchema).min(1).max(evidenceKindSchema.options.length),
  note: boundedText(textLimits.freeText),
  requestedAt: timestampSchema,
  dueAt: timestampSchema,
});
/** A request for evidence. */
export type EvidenceRequest = z.infer<typeof evidenceRequestSchema>;

/** How evidence arrived: uploaded (at most 2 MB by the seed) or as an external link. */
export const evidenceChannelSchema = z.enum(['upload', 'external_link']);

/** One piece of evidence submitted by a party. */
export const evidenceItemSchema = z.object({
  id: identifier(),
  party: partySchema,
  /** The request it answers, if any. */
  requestId: identifier().optional(),
  kind: evidenceKindSchema,
  channel: evidenceChannelSchema,
  /** The file's digest; absent only for an external link not yet fetched. */
  sha256: sha256Schema.optional(),
  mediaType: boundedText(textLimits.mediaType).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  fileName: boundedText(textLimits.fileName).optional(),
  url: boundedText(textLimits.url).pipe(z.url()).optional(),
  description: boundedText(textLimits.freeText),
  submittedAt: timestampSchema,
  /**
   * When the case service received it from a desk, on the service's clock: lateness is judged at
   * this moment when it is there (shared/domain/lateness.ts). Absent for the marketplace's items.
   */
  receivedAt: timestampSchema.optional(),
  /** What the desk's checks found when the item was brought in (absent for items from the marketplace). */
  flags: z.array(evidenceFlagSchema).max(listLimits.short).optional(),
  /**
   * Its short name on screen, E-<dispute number>-<n>, stamped by the case service when it applies
   * `evidence.add` and never changed (decision 0022). Absent on the marketplace's items (their id
   * is such a label) and on a desk's copy not yet applied.
   */
  label: boundedText(textLimits.identifier).optional(),
  /** What the case service found itself when it received the item (decision 0021). */
  serviceFindings: serviceFindingsSchema.optional(),
  /** Who brought it into the case, when a team member did (the marketplace's own items have none). */
  addedBy: identifier().optional(),
  /** For a snapshot taken in the viewer: the item it was taken from, and where in it. */
  derivedFrom: z.object({ sha256: sha256Schema, atSeconds: z.number().nonnegative().optional() }).optional(),
});
/** One piece of evidence. */
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

/**
 * A reviewer's note on one piece of evidence, at a time in a video or a spot in a photo (x and y
 * as fractions of the picture's width and height), kept with the case so a ruling can cite it.
 */
export const evidenceNoteSchema = z.object({
  id: identifier(),
  evidenceId: identifier(),
  atSeconds: z.number().nonnegative().optional(),
  /**
   * For a note made on a video the viewer decoded itself: the frame's index in presentation order
   * (its sample in the container), beside `atSeconds` (that frame's container time, rounded to the
   * millisecond). The index opens the note on the same picture on every computer, where a rounded
   * time can fall just before the frame; notes made before it was kept have the time only.
   */
  frame: z.number().int().nonnegative().max(100_000_000).optional(),
  x: z.number().min(0).max(1).optional(),
  y: z.number().min(0).max(1).optional(),
  text: boundedText(textLimits.freeText).min(1),
  /** Stamped by the case service when the note is applied. */
  by: identifier().optional(),
  at: timestampSchema.optional(),
});
/** A note on evidence. */
export type EvidenceNote = z.infer<typeof evidenceNoteSchema>;

/** A team member's note on a case, for the team only (parties never see it). */
export const internalNoteSchema = z.object({
  id: identifier(),
  text: boundedText(textLimits.freeText).min(1),
  /** Stamped by the case service when the note is applied. */
  by: identifier().optional(),
  at: timestampSchema.optional(),
});
/** An internal note on a case. */
export type InternalNote = z.infer<typeof internalNoteSchema>;

/** The return sub-flow, in order. */
export const returnStageSchema = z.enum(['requested', 'address_confirmed', 'shipped', 'received', 'refunded']);
/** A stage of the return sub-flow. */
export type ReturnStage = z.infer<typeof returnStageSchema>;

/** A return of the item to the seller, and how far it has come. */
export const productReturnSchema = z.object({
  stage: returnStageSchema,
  requestedAt: timestampSchema,
  /** The address the seller confirmed; returns go only there. */
  address: boundedText(textLimits.shortText).optional(),
  addressConfirmedAt: timestampSchema.optional(),
  trackingNumber: boundedText(textLimits.shortText).optional(),
  shippedAt: timestampSchema.optional(),
  receivedAt: timestampSchema.optional(),
  refundedAt: timestampSchema.optional(),
});
/** A product return. */
export type ProductReturn = z.infer<typeof productReturnSchema>;

/** Terms both parties agreed and submitted; the marketplace processes the claim as agreed. */
export const agreementSchema = z.object({
  terms: boundedText(textLimits.freeText).min(1),
  refund: moneySchema,
  withReturn: z.boolean(),
  submittedBy: partySchema,
  recordedAt: timestampSchema,
});
/** Agreed terms. */
export type Agreement = z.infer<typeof agreementSchema>;

/** What a ruling decides. */
export const rulingOutcomeSchema = z.enum(['full_refund', 'partial_refund', 'refund_after_return', 'claim_rejected', 'as_agreed']);
/** What a ruling decides. */
export type RulingOutcome = z.infer<typeof rulingOutcomeSchema>;

/** What a case manager submits to rule: validated by the rules before it becomes a ruling. */
export const rulingDraftSchema = z.object({
  outcome: rulingOutcomeSchema,
  /** Required for partial_refund; for the others it is derived from the order or the agreement. */
  refund: moneySchema.optional(),
  rationale: boundedText(textLimits.freeText),
  citedEvidenceIds: z.array(identifier()).max(listLimits.long),
  /** Notes on the evidence (a moment in a video, a spot in a photo) the ruling relies on. */
  citedNoteIds: z.array(identifier()).max(listLimits.long).optional(),
  /** The reason a rejection may give instead of citing evidence. */
  rejectionReason: z.enum(['insufficient_evidence']).optional(),
  /** Why evidence that came after its due date is cited anyway. */
  lateEvidenceOverride: boundedText(textLimits.freeText).optional(),
  policyCodes: z.array(identifier()).max(listLimits.short),
});
/** A ruling as submitted. */
export type RulingDraft = z.infer<typeof rulingDraftSchema>;

/** A ruling as recorded by the case service. */
export const rulingSchema = rulingDraftSchema.extend({
  refund: moneySchema,
  ruledBy: identifier(),
  ruledAt: timestampSchema,
});
/** A recorded ruling. */
export type Ruling = z.infer<typeof rulingSchema>;

/** A ruling a team lead overturned, kept with why: the dispute is ruled again after it. */
export const overturnedRulingSchema = rulingSchema.extend({
  overturnedBy: identifier(),
  overturnedAt: timestampSchema,
  overturnReason: boundedText(textLimits.freeText).min(1),
});
/** An overturned ruling. */
export type OverturnedRuling = z.infer<typeof overturnedRulingSchema>;

/** A second review of a ruling, drawn in a team lead's quality sample. */
export const secondReviewSchema = z.object({
  reviewerId: identifier(),
  assignedBy: identifier(),
  assignedAt: timestampSchema,
  verdict: z.enum(['agree', 'disagree']).optional(),
  comment: boundedText(textLimits.freeText).optional(),
  reviewedAt: timestampSchema.optional(),
});
/** A second review. */
export type SecondReview = z.infer<typeof secondReviewSchema>;

/** A dispute with everything the team needs to work it, as the case service stores and syncs it. */
export const disputeSchema = z.object({
  id: identifier(),
  order: orderSchema,
  buyer: personSchema,
  seller: personSchema,
  reason: disputeReasonSchema,
  claim: z.object({ description: boundedText(textLimits.freeText), requestedRefund: moneySchema }),
  state: disputeStateSchema,
  openedAt: timestampSchema,
  escalatedAt: timestampSchema.optional(),
  closedAt: timestampSchema.optional(),
  /** The case manager working it, by user id. */
  assignee: identifier().optional(),
  messages: z.array(messageSchema).max(listLimits.long),
  offers: z.array(refundOfferSchema).max(listLimits.long),
  evidenceRequests: z.array(evidenceRequestSchema).max(listLimits.long),
  evidence: z.array(evidenceItemSchema).max(listLimits.long),
  /** Notes on the evidence (absent on disputes no one has noted yet). */
  evidenceNotes: z.array(evidenceNoteSchema).max(listLimits.long).optional(),
  /** The team's internal notes on the case. */
  internalNotes: z.array(internalNoteSchema).max(listLimits.long).optional(),
  return: productReturnSchema.optional(),
  agreement: agreementSchema.optional(),
  ruling: rulingSchema.optional(),
  /** Rulings team leads overturned, oldest first. */
  overturnedRulings: z.array(overturnedRulingSchema).max(listLimits.long).optional(),
  secondReview: secondReviewSchema.optional(),
  /** The service's change counter at this dispute's last change; rulings are based on it. */
  version: z.number().int().nonnegative(),
  /**
   * The change counter when evidence was last added. A ruling based on an older version than
   * this is refused with `new_evidence`: the case manager has not seen everything.
   */
  evidenceVersion: z.number().int().nonnegative(),
  updatedAt: timestampSchema,
});
/** A dispute. */
export type Dispute = z.infer<typeof disputeSchema>;

/** One entry of the service's hash-chained audit log. */
export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: timestampSchema,
  actor: identifier(),
  action: identifier(),
  disputeId: identifier().optional(),
  payload: z.record(z.string().max(textLimits.identifier), z.unknown()),
  prevHash: sha256Schema.nullable(),
  hash: sha256Schema,
});
/** An audit log entry. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;
