import { z } from 'zod';
import { rulingDraftSchema, rulingOutcomeSchema, type Dispute, type EvidenceNote, type RulingDraft } from '../../../shared/domain/model';
import { parseMajorAmount, toMajorAmount } from '../../../shared/domain/money';

// What the ruling form holds, and how it becomes the draft the rules and the service check. The
// form keeps what a person types (an amount as "25.50", no outcome chosen yet, cited notes) and
// the draft is what shared/domain/ defines; the two meet only in toDraft and fromDraft.

const rejectionReasonSchema = rulingDraftSchema.shape.rejectionReason.unwrap();

/** The form's fields as stored and restored: every value a person can leave half-done. */
export const rulingFormShape = z.object({
  outcome: z.union([rulingOutcomeSchema, z.literal('')]),
  /** The partial refund in the order's major units, as typed. */
  refundAmount: z.string(),
  rationale: z.string(),
  citedEvidenceIds: rulingDraftSchema.shape.citedEvidenceIds,
  /**
   * Evidence notes the ruling relies on. The draft has no field for them yet, so toDraft names
   * them in the rationale, where the audit log keeps them.
   */
  citedNoteIds: z.array(z.string()),
  rejectionReason: z.union([rejectionReasonSchema, z.literal('')]),
  lateEvidenceOverride: z.string(),
  policyCodes: rulingDraftSchema.shape.policyCodes,
});

/** The ruling form's values. */
export type RulingFormValues = z.infer<typeof rulingFormShape>;

/**
 * The form's own checks, before the seed's rules: an outcome is chosen, an amount is a number in
 * the order's currency, and texts fit. Messages are i18n keys.
 */
export function rulingFormSchema(currency: string) {
  return rulingFormShape.extend({
    outcome: rulingFormShape.shape.outcome.refine((value) => value !== '', { message: 'ruling.errors.outcomeRequired' }),
    refundAmount: z.string().refine((value) => value.trim() === '' || parseMajorAmount(value, currency) !== undefined, {
      message: 'ruling.errors.amountFormat',
    }),
    rationale: z.string().max(4000, { message: 'ruling.errors.tooLong' }),
    lateEvidenceOverride: z.string().max(2000, { message: 'ruling.errors.tooLong' }),
  });
}

/** An empty form: nothing chosen, nothing cited. */
export const emptyRulingForm: RulingFormValues = {
  outcome: '',
  refundAmount: '',
  rationale: '',
  citedEvidenceIds: [],
  citedNoteIds: [],
  rejectionReason: '',
  lateEvidenceOverride: '',
  policyCodes: [],
};

/**
 * The draft the form's values stand for. `notesLine` words the cited notes for the rationale
 * (in the case manager's language, like the rationale itself). An outcome not chosen yet is
 * checked as a full refund, which no outcome rule refuses, so the other fields can be checked.
 */
export function toDraft(values: RulingFormValues, dispute: Dispute, notesLine: (notes: EvidenceNote[]) => string): RulingDraft {
  const outcome = values.outcome === '' ? 'full_refund' : values.outcome;
  const refund = outcome === 'partial_refund' ? parseMajorAmount(values.refundAmount, dispute.order.paid.currency) : undefined;
  const cited = (dispute.evidenceNotes ?? []).filter((note) => values.citedNoteIds.includes(note.id));
  const notes = cited.map((note) => note.id);
  const rationale = notes.length === 0 || values.rationale.trim() === '' ? values.rationale : `${values.rationale.trimEnd()}\n\n${notesLine(cited)}`;
  const override = values.lateEvidenceOverride.trim();
  return {
    outcome,
    ...(refund === undefined ? {} : { refund }),
    rationale,
    citedEvidenceIds: values.citedEvidenceIds,
    ...(notes.length === 0 ? {} : { citedNoteIds: notes }),
    ...(outcome === 'claim_rejected' && values.rejectionReason !== '' ? { rejectionReason: values.rejectionReason } : {}),
    ...(override === '' ? {} : { lateEvidenceOverride: override }),
    policyCodes: values.policyCodes,
  };
}

/** The form's values for a draft made before, such as one the service refused. */
export function fromDraft(draft: RulingDraft): RulingFormValues {
  return {
    outcome: draft.outcome,
    refundAmount: draft.refund === undefined || draft.outcome !== 'partial_refund' ? '' : toMajorAmount(draft.refund),
    rationale: draft.rationale,
    citedEvidenceIds: draft.citedEvidenceIds,
    citedNoteIds: draft.citedNoteIds ?? [],
    rejectionReason: draft.rejectionReason ?? '',
    lateEvidenceOverride: draft.lateEvidenceOverride ?? '',
    policyCodes: draft.policyCodes,
  };
}
