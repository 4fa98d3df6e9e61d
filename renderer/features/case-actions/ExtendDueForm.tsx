import { zodResolver } from '@hookform/resolvers/zod';
import { NativeSelect, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requestLabel } from '../../../shared/domain/evidence-label';
import type { Dispute } from '../../../shared/domain/model';
import { FormPanel } from '../../ui/FormPanel';
import { formatDateTime } from '../../ui/format';
import { partyLabel } from '../../ui/labels';
import { daysAfter, fromLocalInput, toLocalInput } from './local-time';
import type { QueueChange } from '../../data/queue-change';
import { errorText, useActionSubmit } from '../../ui/use-action-submit';

/** A due date only moves later: past both now and the request's current due date. */
function extendSchema(dispute: Dispute, now: string) {
  return z
    .object({ requestId: z.string().min(1, { message: 'actions.errors.requestRequired' }), dueAt: z.string() })
    .superRefine((values, ctx) => {
      const iso = fromLocalInput(values.dueAt);
      const current = dispute.evidenceRequests.find((request) => request.id === values.requestId)?.dueAt ?? now;
      if (iso === undefined || Date.parse(iso) <= Math.max(Date.parse(now), Date.parse(current))) {
        ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'actions.errors.dueNotLater' });
      }
    });
}
type ExtendValues = z.infer<ReturnType<typeof extendSchema>>;

/** Giving a party more time on one of the dispute's evidence requests. */
export function ExtendDueForm(props: { dispute: Dispute; now: string; onQueue: QueueChange; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const schema = useMemo(() => extendSchema(dispute, props.now), [dispute, props.now]);
  // The latest due date first: it is the one most often still open.
  const requests = [...dispute.evidenceRequests].sort((a, b) => Date.parse(b.dueAt) - Date.parse(a.dueAt));
  const first = requests[0];
  const startFrom = (dueAt: string | undefined) => toLocalInput(daysAfter(new Date(Math.max(Date.parse(props.now), Date.parse(dueAt ?? props.now))).toISOString(), 2));
  const form = useForm<ExtendValues>({ resolver: zodResolver(schema), defaultValues: { requestId: first?.id ?? '', dueAt: startFrom(first?.dueAt) } });
  const { refusal, submit } = useActionSubmit(
    form,
    (code) => (code === 'due_not_later' ? 'dueAt' : code === 'request_not_found' ? 'requestId' : undefined),
    props.onDone,
  );
  const chosenId = useWatch({ control: form.control, name: 'requestId' });
  const chosen = dispute.evidenceRequests.find((request) => request.id === chosenId);
  const { errors, isSubmitting } = form.formState;
  return (
    <FormPanel
      title={t('actions.extend.title')}
      submitLabel={t('actions.extend.submit')}
      cancelLabel={t('actions.cancel')}
      onCancel={props.onCancel}
      refusal={refusal}
      submitting={isSubmitting}
      onSubmit={form.handleSubmit((values) =>
        submit(() => props.onQueue('evidence.extendDue', { disputeId: dispute.id, requestId: values.requestId, dueAt: fromLocalInput(values.dueAt)! })),
      )}
    >
      <NativeSelect
        label={t('actions.extend.request')}
        data={requests.map((request) => ({
          value: request.id,
          label: t('actions.extend.requestLabel', { request: requestLabel(dispute, request.id), party: partyLabel(t, request.party), due: formatDateTime(request.dueAt, i18n.language) }),
        }))}
        error={errorText(t, errors.requestId)}
        {...form.register('requestId', {
          // A new request starts the date from its own due date, so the default is always valid.
          onChange: (event: { target: { value: string } }) =>
            form.setValue('dueAt', startFrom(dispute.evidenceRequests.find((candidate) => candidate.id === event.target.value)?.dueAt)),
        })}
      />
      <TextInput
        type="datetime-local"
        label={t('actions.extend.dueAt')}
        description={chosen && t('actions.extend.currentDue', { due: formatDateTime(chosen.dueAt, i18n.language) })}
        withAsterisk
        error={errorText(t, errors.dueAt)}
        {...form.register('dueAt')}
      />
    </FormPanel>
  );
}
