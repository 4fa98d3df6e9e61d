import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { missingCaseError } from '../../../shared/contract/errors';
import { useDeskData } from '../../data/DeskDataProvider';
import { usePendingCount } from '../../data/use-outbox';

const addressSchema = z.object({ address: z.string().trim().min(1) });
type AddressForm = z.infer<typeof addressSchema>;

type Outcome = { kind: 'problem'; title: string; text: string } | { kind: 'status'; text: string };

/**
 * The case service's address, checked by the host before it is saved (first-run screen and
 * Settings). A refusal names the problem and keeps what was typed; a new service reloads the app
 * so its content security policy and sync start from the new address.
 */
export function ServiceAddressForm(props: { initial: string; submitLabel: string }) {
  const { t } = useTranslation();
  const { db, connectService } = useDeskData();
  const pending = usePendingCount(db) ?? 0;
  const [outcome, setOutcome] = useState<Outcome>();
  const form = useForm<AddressForm>({ resolver: zodResolver(addressSchema), defaultValues: { address: props.initial } });

  const submit = form.handleSubmit(async ({ address }) => {
    setOutcome(undefined);
    const change = await connectService(address);
    switch (change.kind) {
      case 'connected':
        setOutcome({ kind: 'status', text: t('connect.connected', { url: change.serviceUrl }) });
        window.location.reload();
        return;
      case 'unchanged':
        return setOutcome({ kind: 'status', text: t('connect.unchanged', { url: change.serviceUrl }) });
      case 'pending':
        return setOutcome({ kind: 'problem', title: t('connect.notChanged'), text: t('connect.pending', { count: change.pending }) });
      case 'refused':
        return setOutcome({ kind: 'problem', title: t('connect.refused'), text: t(`connect.problems.${change.problem.code}`, { address }) });
      case 'failed':
        return setOutcome({ kind: 'problem', title: t('connect.refused'), text: change.message });
      default:
        throw missingCaseError(change);
    }
  });

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        {pending > 0 && (
          <Alert color="yellow" role="status" data-testid="service-change-blocked">
            <Text size="sm">{t('connect.pending', { count: pending })}</Text>
          </Alert>
        )}
        <TextInput
          label={t('connect.address')}
          description={t('connect.addressHint')}
          placeholder="https://desk.example.com"
          autoComplete="url"
          spellCheck={false}
          error={form.formState.errors.address ? t('connect.required') : outcome?.kind === 'problem'}
          {...form.register('address', { onChange: () => setOutcome(undefined) })}
        />
        {outcome?.kind === 'problem' && (
          <Alert color="red" role="alert" title={outcome.title}>
            {outcome.text}
          </Alert>
        )}
        <Group gap="sm">
          {/* Shade 8: the default shade 6 gives white text 4.3:1, under WCAG AA. */}
          <Button type="submit" color="indigo.8" loading={form.formState.isSubmitting} disabled={pending > 0}>
            {props.submitLabel}
          </Button>
          {outcome?.kind === 'status' && (
            <Text size="sm" role="status">
              {outcome.text}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
