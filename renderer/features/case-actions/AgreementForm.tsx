import { zodResolver } from '@hookform/resolvers/zod';
import { Checkbox, Group, Radio, Text, TextInput, Textarea } from '@mantine/core';
import { useMemo } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { partySchema, type Dispute } from '../../../shared/domain/model';
import { FormPanel } from '../../ui/FormPanel';
import { formatMoney } from '../../ui/format';
import { parseMajorAmount } from '../../../shared/domain/money';
import type { QueueChange } from '../../data/queue-change';
import { errorText, useActionSubmit } from '../../ui/use-action-submit';

function agreementSchema(currency: string) {
  return z.object({
    terms: z.string().trim().min(1, { message: 'actions.errors.termsRequired' }).max(4000, { message: 'actions.errors.tooLong' }),
    refund: z.string().refine((value) => parseMajorAmount(value, currency) !== undefined, { message: 'actions.errors.amountFormat' }),
    withReturn: z.boolean(),
    submittedBy: partySchema,
  });
}
type AgreementValues = z.infer<ReturnType<typeof agreementSchema>>;

/**
 * Terms the buyer and seller agreed and submitted. The refund is in the currency the buyer paid,
 * and the rules refuse more than was paid; the dispute is then ruled "as agreed".
 */
export function AgreementForm(props: { dispute: Dispute; onQueue: QueueChange; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const currency = dispute.order.paid.currency;
  const schema = useMemo(() => agreementSchema(currency), [currency]);
  const form = useForm<AgreementValues>({ resolver: zodResolver(schema), defaultValues: { terms: '', refund: '', withReturn: false, submittedBy: 'buyer' } });
  const { refusal, submit } = useActionSubmit(
    form,
    (code) => (code === 'refund_exceeds_paid' || code === 'currency_mismatch' ? 'refund' : undefined),
    props.onDone,
  );
  const { errors, isSubmitting } = form.formState;
  return (
    <FormPanel
      title={t('actions.agreement.title')}
      submitLabel={t('actions.agreement.submit')}
      cancelLabel={t('actions.cancel')}
      onCancel={props.onCancel}
      refusal={refusal}
      submitting={isSubmitting}
      onSubmit={form.handleSubmit((values) =>
        submit(() =>
          props.onQueue('agreement.record', {
            disputeId: dispute.id,
            agreement: { terms: values.terms, refund: parseMajorAmount(values.refund, currency)!, withReturn: values.withReturn, submittedBy: values.submittedBy },
          }),
        ),
      )}
    >
      <Textarea label={t('actions.agreement.terms')} rows={3} resize="vertical" withAsterisk error={errorText(t, errors.terms)} {...form.register('terms')} />
      <TextInput
        label={t('actions.agreement.refund', { currency })}
        description={t('actions.agreement.refundHint', { paid: formatMoney(dispute.order.paid, i18n.language) })}
        inputMode="decimal"
        rightSection={<Text size="xs">{currency}</Text>}
        withAsterisk
        error={errorText(t, errors.refund)}
        {...form.register('refund')}
      />
      <Checkbox label={t('actions.agreement.withReturn')} {...form.register('withReturn')} />
      <Controller
        name="submittedBy"
        control={form.control}
        render={({ field }) => (
          <Radio.Group label={t('actions.agreement.submittedBy')} value={field.value} onChange={field.onChange} withAsterisk>
            <Group gap="lg" mt="xs">
              {partySchema.options.map((party) => (
                <Radio key={party} value={party} label={t(`case.party.${party}`)} />
              ))}
            </Group>
          </Radio.Group>
        )}
      />
    </FormPanel>
  );
}
