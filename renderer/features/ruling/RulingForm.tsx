import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Fieldset, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Dispute, RulingDraft } from '../../../shared/domain/model';
import type { RulingDecision } from '../../../shared/domain/rules';
import type { EnqueueResult } from '../../data/outbox';
import { FormPanel } from '../../ui/FormPanel';
import { formatDateTime, formatMoney } from '../../ui/format';
import { ConfirmRuling } from './ConfirmRuling';
import { clearRulingDraft, readRulingDraft, saveRulingDraft } from './draft-storage';
import { checkRulingForm, isLateItem, type RulingField } from './ruling-rules';
import { emptyRulingForm, fromDraft, rulingFormSchema, toDraft, type RulingFormValues } from './ruling-values';
import { CitedEvidenceField, CitedNotesField, OutcomeField, PolicyCodesField } from './RulingFields';

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

/**
 * Recording a ruling. The seed's rules run on every change, each refusal shown beside the field
 * it concerns; one that no field can fix (the claim was cancelled, someone ruled first) disables
 * the form. The draft is saved on this computer as it is typed, a confirmation says what the
 * ruling will do, and only then is it queued through `onRecord` (the outbox).
 */
export function RulingForm(props: {
  dispute: Dispute;
  now: string;
  onRecord: (draft: RulingDraft) => Promise<EnqueueResult>;
  /** Called once the ruling is queued. */
  onRecorded: () => void;
  onCancel: () => void;
  /** A ruling the service refused, to start from instead of the saved draft. */
  prefill?: RulingDraft;
  storage?: Storage;
}) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const storage = props.storage ?? localStorage;
  const currency = dispute.order.paid.currency;
  const [start] = useState((): { values: RulingFormValues; origin: Origin } => {
    if (props.prefill) return { values: fromDraft(props.prefill), origin: { kind: 'prefilled' } };
    const stored = readRulingDraft(storage, dispute.id);
    return stored ? { values: stored.values, origin: { kind: 'restored', savedAt: stored.savedAt } } : { values: emptyRulingForm, origin: { kind: 'new' } };
  });
  const [origin, setOrigin] = useState(start.origin);
  const schema = useMemo(() => rulingFormSchema(currency), [currency]);
  const form = useForm<RulingFormValues>({ resolver: zodResolver(schema), defaultValues: start.values, mode: 'onTouched' });
  const values = { ...emptyRulingForm, ...useWatch({ control: form.control }) } as RulingFormValues;
  const [confirming, setConfirming] = useState<{ draft: RulingDraft; decision: RulingDecision }>();
  const [recording, setRecording] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const formId = useId();

  const notesLine = (ids: string) => t('ruling.notesLine', { ids });
  const check = checkRulingForm(dispute, toDraft(values, dispute, notesLine), props.now);
  const { errors, touchedFields, submitCount, isDirty } = form.formState;
  const submitted = submitCount > 0;

  // Saved as typed, once there is something of the case manager's to keep.
  const serialized = JSON.stringify(values);
  const keep = isDirty || origin.kind !== 'new';
  useEffect(() => {
    if (keep) saveRulingDraft(storage, dispute.id, JSON.parse(serialized) as RulingFormValues, new Date().toISOString());
  }, [keep, serialized, storage, dispute.id]);

  /** The message beside a field: the form's own check first, then the seed's rule, once it is relevant. */
  function messageFor(field: Exclude<RulingField, 'form'>): string | undefined {
    const own = errors[controlOf[field]]?.message;
    if (own !== undefined) return t(own);
    const problem = check.problems[field];
    if (problem === undefined) return undefined;
    const relevant =
      field === 'rationale' ? submitted || touchedFields.rationale === true : field === 'cited' || field === 'override' ? true : submitted || values.outcome !== '';
    return relevant ? problem.message : undefined;
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
      setRefusal(result.message);
      return;
    }
    clearRulingDraft(storage, dispute.id);
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
                clearRulingDraft(storage, dispute.id);
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
            <Text size="sm" lang="en">
              {blocked.message}
            </Text>
          </Alert>
        )}
        {origin.kind === 'restored' && <Text size="sm">{t('ruling.restored', { at: formatDateTime(origin.savedAt, i18n.language) })}</Text>}
        {origin.kind === 'prefilled' && <Text size="sm">{t('ruling.prefilled')}</Text>}
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
