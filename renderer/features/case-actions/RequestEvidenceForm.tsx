import { zodResolver } from '@hookform/resolvers/zod';
import { Checkbox, Group, Radio, Stack, TextInput, Textarea } from '@mantine/core';
import { useMemo } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { evidenceKindSchema, partySchema, type Dispute } from '../../../shared/domain/model';
import { FormPanel } from '../../ui/FormPanel';
import { daysAfter, fromLocalInput, toLocalInput } from './local-time';
import { newId, type QueueChange } from '../../data/queue-change';
import { errorText, useActionSubmit } from '../../ui/use-action-submit';

function requestSchema(now: string) {
  return z.object({
    party: partySchema,
    kinds: z.array(evidenceKindSchema).min(1, { message: 'actions.errors.kindsRequired' }),
    dueAt: z.string().refine((value) => {
      const iso = fromLocalInput(value);
      return iso !== undefined && Date.parse(iso) > Date.parse(now);
    }, { message: 'actions.errors.dueInPast' }),
    note: z.string().max(4000, { message: 'actions.errors.tooLong' }),
  });
}
type RequestValues = z.infer<ReturnType<typeof requestSchema>>;

/** Asking one party for evidence of some kinds by a due date after now. */
export function RequestEvidenceForm(props: { dispute: Dispute; now: string; onQueue: QueueChange; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { dispute } = props;
  const schema = useMemo(() => requestSchema(props.now), [props.now]);
  const form = useForm<RequestValues>({
    resolver: zodResolver(schema),
    defaultValues: { party: 'buyer', kinds: [], dueAt: toLocalInput(daysAfter(props.now, 3)), note: '' },
  });
  const { refusal, submit } = useActionSubmit(form, (code) => (code === 'due_in_past' ? 'dueAt' : undefined), props.onDone);
  const { errors, isSubmitting } = form.formState;
  return (
    <FormPanel
      title={t('actions.request.title')}
      submitLabel={t('actions.request.submit')}
      cancelLabel={t('actions.cancel')}
      onCancel={props.onCancel}
      refusal={refusal}
      submitting={isSubmitting}
      onSubmit={form.handleSubmit((values) =>
        submit(() =>
          props.onQueue('evidence.request', {
            disputeId: dispute.id,
            request: { id: newId(dispute.id, 'R'), party: values.party, kinds: values.kinds, note: values.note.trim(), dueAt: fromLocalInput(values.dueAt)! },
          }),
        ),
      )}
    >
      <Controller
        name="party"
        control={form.control}
        render={({ field }) => (
          <Radio.Group label={t('actions.request.party')} value={field.value} onChange={field.onChange} withAsterisk>
            <Group gap="lg" mt="xs">
              {partySchema.options.map((party) => (
                <Radio key={party} value={party} label={t(`case.party.${party}`)} />
              ))}
            </Group>
          </Radio.Group>
        )}
      />
      <Controller
        name="kinds"
        control={form.control}
        render={({ field }) => (
          <Checkbox.Group label={t('actions.request.kinds')} value={field.value} onChange={field.onChange} error={errorText(t, errors.kinds)} withAsterisk>
            <Group gap="lg" mt="xs">
              {evidenceKindSchema.options.map((kind) => (
                <Checkbox key={kind} value={kind} label={t(`case.evidenceKind.${kind}`)} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
      />
      <Stack gap="md">
        <TextInput type="datetime-local" label={t('actions.request.dueAt')} withAsterisk error={errorText(t, errors.dueAt)} {...form.register('dueAt')} />
        <Textarea label={t('actions.request.note')} description={t('actions.request.noteHint')} rows={2} resize="vertical" error={errorText(t, errors.note)} {...form.register('note')} />
      </Stack>
    </FormPanel>
  );
}
