import { zodResolver } from '@hookform/resolvers/zod';
import { Textarea } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Dispute } from '../../../shared/domain/model';
import { usePersonName } from '../../data/use-team';
import { ConfirmStep } from '../../ui/ConfirmStep';
import { formatDateTime, formatMoney } from '../../ui/format';
import { FormPanel } from '../../ui/FormPanel';
import type { QueueChange } from '../../data/queue-change';
import { errorText, useActionSubmit } from '../../ui/use-action-submit';

const overturnSchema = z.object({
  reason: z.string().trim().min(10, { message: 'audit.overturn.reasonRequired' }).max(4000, { message: 'actions.errors.tooLong' }),
});
type OverturnValues = z.infer<typeof overturnSchema>;

/**
 * Overturns the standing ruling with a reason: a change through the outbox like any other, so it
 * works offline, syncs, and is audited. The dispute goes back to review for a new ruling. Like a
 * ruling, it is confirmed in a last step that says in plain sentences what it will do.
 */
export function OverturnForm(props: { dispute: Dispute; onQueue: QueueChange; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const form = useForm<OverturnValues>({ resolver: zodResolver(overturnSchema), defaultValues: { reason: '' } });
  const { refusal, submit } = useActionSubmit(form, (code) => (code === 'invalid_args' ? 'reason' : undefined), props.onDone);
  const { errors, isSubmitting } = form.formState;
  // The reason checked and awaiting confirmation; undefined while the form is being filled.
  const [confirming, setConfirming] = useState<string>();
  const [overturning, setOverturning] = useState(false);

  async function confirm() {
    if (confirming === undefined) return;
    setOverturning(true);
    try {
      await submit(() => props.onQueue('ruling.overturn', { disputeId: props.dispute.id, reason: confirming }));
    } finally {
      setOverturning(false);
      setConfirming(undefined);
    }
  }

  return (
    <>
      <FormPanel
        title={t('audit.overturn.title')}
        submitLabel={t('audit.overturn.submit')}
        cancelLabel={t('actions.cancel')}
        onCancel={props.onCancel}
        refusal={refusal}
        submitting={isSubmitting || overturning}
        onSubmit={form.handleSubmit((values) => setConfirming(values.reason.trim()))}
      >
        <Textarea
          label={t('audit.overturn.reason')}
          description={t('audit.overturn.hint')}
          rows={3}
          resize="vertical"
          withAsterisk
          data-autofocus
          error={errorText(t, errors.reason)}
          {...form.register('reason')}
        />
      </FormPanel>
      <ConfirmOverturn dispute={props.dispute} reason={confirming} overturning={overturning} onConfirm={() => void confirm()} onBack={() => setConfirming(undefined)} />
    </>
  );
}

/** The last step before an overturn is queued: whose ruling is set aside, what follows, and the reason given. */
function ConfirmOverturn(props: { dispute: Dispute; reason: string | undefined; overturning: boolean; onConfirm: () => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const nameOf = usePersonName();
  const { ruling } = props.dispute;
  const effects =
    props.reason === undefined || ruling === undefined
      ? undefined
      : [
          t('audit.overturn.confirm.setAside', {
            who: nameOf(ruling.ruledBy),
            outcome: t(`case.ruling.outcomes.${ruling.outcome}`),
            amount: ruling.refund === undefined ? '' : ` · ${formatMoney(ruling.refund, i18n.language)}`,
            at: formatDateTime(ruling.ruledAt, i18n.language),
          }),
          t('audit.overturn.confirm.backToReview'),
          <>
            {t('audit.overturn.confirm.reason')} <q dir="auto">{props.reason}</q>
          </>,
        ];
  return (
    <ConfirmStep
      effects={effects}
      effectsTestId="overturn-effects"
      title={t('audit.overturn.confirm.title', { id: props.dispute.id })}
      final={t('audit.overturn.confirm.final')}
      confirmLabel={t('audit.overturn.confirm.overturn')}
      confirmColor="red.8"
      backLabel={t('audit.overturn.confirm.back')}
      confirming={props.overturning}
      onConfirm={props.onConfirm}
      onBack={props.onBack}
    />
  );
}
