import { zodResolver } from '@hookform/resolvers/zod';
import { Textarea } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Dispute } from '../../../shared/domain/model';
import { FormPanel } from '../../ui/FormPanel';
import { newId, type QueueChange } from '../../data/queue-change';
import { errorText, useActionSubmit } from '../../ui/use-action-submit';

const noteSchema = z.object({
  text: z.string().trim().min(1, { message: 'actions.errors.noteRequired' }).max(4000, { message: 'actions.errors.tooLong' }),
});
type NoteValues = z.infer<typeof noteSchema>;

/** A note on the case for the team; the parties never see it. */
export function InternalNoteForm(props: { dispute: Dispute; onQueue: QueueChange; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { dispute } = props;
  const form = useForm<NoteValues>({ resolver: zodResolver(noteSchema), defaultValues: { text: '' } });
  const { refusal, submit } = useActionSubmit(form, () => undefined, props.onDone);
  const { errors, isSubmitting } = form.formState;
  return (
    <FormPanel
      title={t('actions.note.title')}
      submitLabel={t('actions.note.submit')}
      cancelLabel={t('actions.cancel')}
      onCancel={props.onCancel}
      refusal={refusal}
      submitting={isSubmitting}
      onSubmit={form.handleSubmit((values) => submit(() => props.onQueue('case.note', { disputeId: dispute.id, note: { id: newId(dispute.id, 'N'), text: values.text } })))}
    >
      <Textarea
        label={t('actions.note.text')}
        description={t('actions.note.hint')}
        rows={3}
        resize="vertical"
        withAsterisk
        data-autofocus
        error={errorText(t, errors.text)}
        {...form.register('text')}
      />
    </FormPanel>
  );
}
