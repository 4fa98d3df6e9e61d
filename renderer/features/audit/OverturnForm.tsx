import { zodResolver } from '@hookform/resolvers/zod';
import { Textarea } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Dispute } from '../../../shared/domain/model';
import { FormPanel } from '../../ui/FormPanel';
import type { QueueChange } from '../../data/queue-change';
import { errorText, useActionSubmit } from '../../ui/use-action-submit';

const overturnSchema = z.object({
  reason: z.string().trim().min(10, { message: 'audit.overturn.reasonRequired' }).max(4000, { message: 'actions.errors.tooLong' }),
});
type OverturnValues = z.infer<typeof overturnSchema>;

/**
 * Overturns the standing ruling with a reason: a change through the outbox like any other, so it
 * works offline, syncs, and is audited. The dispute goes back to review for a new ruling.
 */
export function OverturnForm(props: { dispute: Dispute; onQueue: QueueChange; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const form = useForm<OverturnValues>({ resolver: zodResolver(overturnSchema), defaultValues: { reason: '' } });
  const { refusal, submit } = useActionSubmit(form, (code) => (code === 'invalid_args' ? 'reason' : undefined), props.onDone);
  const { errors, isSubmitting } = form.formState;
  return (
    <FormPanel
      title={t('audit.overturn.title')}
      submitLabel={t('audit.overturn.submit')}
      cancelLabel={t('actions.cancel')}
      onCancel={props.onCancel}
      refusal={refusal}
      submitting={isSubmitting}
      onSubmit={form.handleSubmit((values) => submit(() => props.onQueue('ruling.overturn', { disputeId: props.dispute.id, reason: values.reason })))}
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
  );
}
