import { Button, Stack, Text, useMantineTheme } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { ActionAvailability, CaseAction } from './case-facts';
import { CaseSection } from './parts';

function labelKey(name: CaseAction): string {
  switch (name) {
    case 'dispute.claim':
      return 'case.actions.claim';
    case 'dispute.release':
      return 'case.actions.release';
    case 'ruling.record':
      return 'case.actions.record';
    default:
      throw missingCaseError(name);
  }
}

function ActionRow(props: { action: ActionAvailability; onAction?: (name: CaseAction) => void }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const reasonId = useId();
  const { action } = props;
  const reason = action.allowed ? undefined : action.refusal;
  return (
    <Stack gap={4} align="flex-start">
      <Button
        variant={action.allowed ? 'filled' : 'default'}
        // The default shade 6 gives white label text 4.3:1, under WCAG AA; shade 8 passes.
        color={`${theme.primaryColor}.8`}
        disabled={!action.allowed}
        aria-describedby={reason === undefined ? undefined : reasonId}
        onClick={() => props.onAction?.(action.name)}
      >
        {t(labelKey(action.name))}
      </Button>
      {reason !== undefined && (
        // The rules word their refusals in English, so the text is marked as such for screen readers.
        <Text id={reasonId} size="sm" lang={reason === 'signed_out' ? undefined : 'en'}>
          {reason === 'signed_out' ? t('case.actions.signedOut') : reason.message}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The case actions the shared rules allow now. An action they refuse stays visible but disabled,
 * with the rules' own reason beside it, so the case manager learns why rather than guessing.
 */
export function CaseActions(props: { actions: ActionAvailability[]; onAction?: (name: CaseAction) => void }) {
  const { t } = useTranslation();
  return (
    <CaseSection title={t('case.actions.title')}>
      <Stack gap="md">
        {props.actions.map((action) => (
          <ActionRow key={action.name} action={action} onAction={props.onAction} />
        ))}
      </Stack>
    </CaseSection>
  );
}
