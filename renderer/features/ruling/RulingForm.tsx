import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Fieldset, Loader, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Dispute, EvidenceNote, RulingDraft } from '../../../shared/domain/model';
import type { RulingDecision } from '../../../shared/domain/rules';
import type { EnqueueResult } from '../../data/outbox';
import { FormPanel } from '../../ui/FormPanel';
import { formatDateTime, formatList, formatMoney } from '../../ui/format';
import { useRefusalWords } from '../../ui/use-refusal-words';
import { ConfirmRuling } from './ConfirmRuling';
import type { RulingDrafts } from './draft-storage';
import { checkRulingForm, isLateItem, type RulingField } from './ruling-rules';
import { emptyRulingForm, fromDraft, rulingFormSchema, toDraft, type RulingFormValues } from './ruling-values';
import { CitedEvidenceField, CitedNotesField, OutcomeField, PolicyCodesField, useNoteReference } from './RulingFields';

/** Where the form's first values came from, which the form says so nobody is surprised. */
type Origin = { kind: 'new' } | { kind: 'restored'; savedAt: string } | { kind: 'prefilled' };

/** The form control each rule field's message is shown on. */
const controlOf = {
  outcome: 'outcome',
  refund: 'refundAmount',
  rationale: 'rationale',
  cited: 'citedEvidenceIds',
  override: 'lateEvidenceOverride',
  rejectionReason: 'rejectionReason',
} as const satisfies Record<Exclude<RulingField, 'form'>, keyof RulingFormValues>;

/** What the ruling form is given. */
interface RulingFormProps {
  dispute: Dispute;
  now: string;
  onRecord: (draft: RulingDraft) => Promise<EnqueueResult>;
  /** Called once the ruling is queued. */
  onRecorded: () => void;
  onCancel: () => void;
  /** A ruling the service refused, to start from instead of the saved draft. */
  prefill?: RulingDraft;
  /** The signed-in user's drafts. */
  drafts: RulingDrafts;
}

type Start = { values: RulingFormValues; origin: Origin };

/**
 * Recording a ruling, once the signed-in user's saved draft for the dispute (if any) is read. The
 * seed's rules run on every change, each refusal shown beside the field
 * it concerns; one that no field can fix (the claim was cancelled, someone ruled first) disables
 * the form. The draft is saved on this computer as it is typed, a confirmation says what the
 * ruling will do, and only then is it queued through `onRecord` (the outbox).
 */
export function RulingForm(props: RulingFormProps) {
  const { t } = useTranslation();
  const { drafts, prefill } = props;
  const disputeId = props.dispute.id;
  const [start, setStart] = useState<Start | undefined>(() => (prefill ? { values: fromDraft(prefill), origin: { kind: 'prefilled' } } : undefined));
  useEffect(() => {
    if (prefill) return;
    let live = true;
    // `read` answers undefined for a draft it cannot use; a failing store starts the form empty.
    void drafts.read(disputeId).then(
      (stored) => live && setStart(stored ? { values: stored.values, origin: { kind: 'restored', savedAt: stored.savedAt } } : { values: emptyRulingForm, origin: { kind: 'new' } }),
      () => live && setStart({ values: emptyRulingForm, origin: { kind: 'new' } }),
    );
    return () => {
      live = false;
    };
  }, [drafts, disputeId, prefill]);
  if (start === undefined) return <Loader size="sm" role="status" aria-label={t('ruling.loadingDraft')} />;
  return <RulingFormBody {...props} start={start} />;
}

function RulingFormBody(props: RulingFormProps & { start: Start }) {
  const { t, i18n } = useTranslation();
  const { dispute, drafts, start } = props;
  const currency = dispute.order.paid.currency;
  const [draftNotSaved, setDraftNotSaved] = useState(false);
  const [origin, setOrigin] = useState(start.origin);
  const schema = useMemo(() => rulingFormSchema(currency), [currency]);
  const form = useForm<RulingFormValues>({ resolver: zodResolver(schema), defaultValues: start.values, mode: 'onTouched' });
  const values = { ...emptyRulingForm, ...useWatch({ control: form.control }) } as RulingFormValues;
  const [confirming, setConfirming] = useState<{ draft: RulingDraft; decision: RulingDecision }>();
  const [recording, setRecording] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const formId = useId();
  const refusalWords = useRefusalWords(dispute);

  const noteRef = useNoteReference(dispute);
  // Names the cited notes by author and item, in the order the dispute lists them.
  const notesLine = (notes: EvidenceNote[]) => t('ruling.notesLine', { notes: formatList(notes.map(noteRef), i18n.language) });
  const check = checkRulingForm(dispute, toDraft(values, dispute, notesLine), props.now);
  const { errors, touchedFields, submitCount, isDirty } = form.formState;
  const submitted = submitCount > 0;

  // Saved as typed, once there is something of the case manager's to keep.
  const serialized = JSON.stringify(values);
  const keep = isDirty || origin.kind !== 'new';
  useEffect(() => {
    if (keep) void drafts.save(dispute.id, JSON.parse(serialized) as RulingFormValues, new Date().toISOString()).then((saved) => setDraftNotSaved(!saved));
  }, [keep, serialized, drafts, dispute.id]);

  /** The message beside a field: the form's own check first, then the seed's rule, once it is relevant. */
  function messageFor(field: Exclude<RulingField, 'form'>): string | undefined {
    const own = errors[controlOf[field]]?.message;
    if (own !== undefined) return t(own);
    const problem = check.problems[field];
    if (problem === undefined) return undefined;
    // A field the case manager has yet to fill says nothing until they type in it, leave it or
    // submit: a red "refund missing" under an amount nobody has typed yet reads as a mistake made.
    const relevant =
      field === 'rationale'
        ? submitted || touchedFields.rationale === true
        : field === 'refund'
          ? submitted || touchedFields.refundAmount === true || values.refundAmount !== ''
          : field === 'cited' || field === 'override'
            ? true
            : submitted || values.outcome !== '';
    return relevant ? refusalWords(problem).text : undefined;
  }

  // After the render that shows the messages, so the field in error is marked by then.
  const focusFirstProblem = () =>
    requestAnimationFrame(() => document.getElementById(formId)?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  const onSubmit = form.handleSubmit((valid) => {
    setRefusal(undefined);
    const draft = toDraft(valid, dispute, notesLine);
    const decision = checkRulingForm(dispute, draft, props.now).decision;
    if (decision === undefined) focusFirstProblem();
    else setConfirming({ draft, decision });
  }, focusFirstProblem);

  async function record() {
    if (!confirming) return;
    setRecording(true);
    const result = await props.onRecord(confirming.draft);
    setRecording(false);
    setConfirming(undefined);
    if (!result.ok) {
      setRefusal(refusalWords(result).text);
      return;
    }
    await drafts.clear(dispute.id);
    props.onRecorded();
  }

  const blocked = check.problems.form;
  const citesLate = values.citedEvidenceIds.some((id) => {
    const item = dispute.evidence.find((candidate) => candidate.id === id);
    return item !== undefined && isLateItem(dispute, item);
  });
  const paid = formatMoney(dispute.order.paid, i18n.language);
  return (
    <>
      <FormPanel
        title={t('ruling.title', { id: dispute.id })}
        onSubmit={onSubmit}
        onCancel={props.onCancel}
        submitLabel={t('ruling.review')}
        cancelLabel={t('ruling.cancel')}
        disabled={blocked !== undefined}
        refusal={refusal}
        formId={formId}
        extraActions={
          origin.kind !== 'new' || isDirty ? (
            <Button
              variant="subtle"
              color="red"
              c="red.9"
              onClick={() => {
                void drafts.clear(dispute.id);
                form.reset(emptyRulingForm);
                setOrigin({ kind: 'new' });
              }}
            >
              {t('ruling.discardDraft')}
            </Button>
          ) : undefined
        }
      >
        {blocked !== undefined && (
          <Alert color="red" role="alert" title={t('ruling.cannotRule')}>
            <Text size="sm" lang={refusalWords(blocked).lang}>
              {refusalWords(blocked).text}
            </Text>
          </Alert>
        )}
        {origin.kind === 'restored' && <Text size="sm">{t('ruling.restored', { at: formatDateTime(origin.savedAt, i18n.language) })}</Text>}
        {origin.kind === 'prefilled' && <Text size="sm">{t('ruling.prefilled')}</Text>}
        {draftNotSaved && (
          <Text size="sm" c="red.9" role="alert">
            {t('ruling.draftNotSaved')}
          </Text>
        )}
        <Fieldset variant="unstyled" disabled={blocked !== undefined} p={0}>
          <Stack gap="md">
            <OutcomeField control={form.control} dispute={dispute} error={messageFor('outcome')} />
            {values.outcome === 'partial_refund' && (
              <TextInput
                label={t('ruling.refundAmount', { currency })}
                description={t('ruling.refundAmountHint', { paid })}
                inputMode="decimal"
                rightSection={<Text size="xs">{currency}</Text>}
                withAsterisk
                error={messageFor('refund')}
                {...form.register('refundAmount')}
              />
            )}
            {values.outcome === 'claim_rejected' && (
              <NativeSelect
                label={t('ruling.rejectionReason')}
                data={[
                  { value: '', label: t('ruling.noRejectionReason') },
                  { value: 'insufficient_evidence', label: t('case.ruling.rejectionReasons.insufficient_evidence') },
                ]}
                error={messageFor('rejectionReason')}
                {...form.register('rejectionReason')}
              />
            )}
            <Textarea
              label={t('ruling.rationale')}
              description={t('ruling.rationaleHint')}
              rows={4}
              resize="vertical"
              withAsterisk
              error={messageFor('rationale')}
              {...form.register('rationale')}
            />
            <CitedEvidenceField control={form.control} dispute={dispute} error={messageFor('cited')} />
            {(citesLate || values.lateEvidenceOverride !== '') && (
              <Textarea
                label={t('ruling.override')}
                description={t('ruling.overrideHint')}
                rows={2}
                resize="vertical"
                error={messageFor('override')}
                {...form.register('lateEvidenceOverride')}
              />
            )}
            <CitedNotesField control={form.control} dispute={dispute} />
            <PolicyCodesField control={form.control} />
          </Stack>
        </Fieldset>
      </FormPanel>
      <ConfirmRuling
        decision={confirming?.decision}
        dispute={dispute}
        recording={recording}
        onConfirm={() => void record()}
        onBack={() => setConfirming(undefined)}
      />
    </>
  );
}
