import { Button, SimpleGrid, Stack, Text, useMantineTheme } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { Refusal } from '../../../shared/domain/refusals';
import type { RefusalWords } from '../../i18n/refusal-words';
import { useRefusalWords } from '../../ui/use-refusal-words';
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
    case 'evidence.request':
      return 'case.actions.requestEvidence';
    case 'evidence.extendDue':
      return 'case.actions.extendDue';
    case 'case.note':
      return 'case.actions.addNote';
    case 'agreement.record':
      return 'case.actions.recordAgreement';
    default:
      throw missingCaseError(name);
  }
}

/** Why an action is refused, as shown: the rules' English sentence, or the app's own words. */
function reasonOf(action: ActionAvailability, t: TFunction, words: (refusal: Refusal) => RefusalWords): { text: string; lang: string | undefined } | undefined {
  if (action.allowed) return undefined;
  const { refusal } = action;
  if (refusal === 'signed_out') return { text: t('case.actions.signedOut'), lang: undefined };
  if (refusal === 'no_requests') return { text: t('case.actions.noRequests'), lang: undefined };
  const { text, lang } = words(refusal);
  return { text, lang };
}

function ActionRow(props: { action: ActionAvailability; onAction?: (name: CaseAction) => void; sharedReasonId: string | undefined }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const ownReasonId = useId();
  const { action } = props;
  const words = useRefusalWords();
  const reason = reasonOf(action, t, words);
  const own = reason !== undefined && props.sharedReasonId === undefined;
  return (
    <Stack gap={4} align="flex-start">
      <Button
        variant={action.allowed ? 'filled' : 'default'}
        // The default shade 6 gives white label text 4.3:1, under WCAG AA; shade 8 passes.
        color={`${theme.primaryColor}.8`}
        disabled={!action.allowed}
        aria-describedby={reason === undefined ? undefined : (props.sharedReasonId ?? ownReasonId)}
        onClick={() => props.onAction?.(action.name)}
      >
        {t(labelKey(action.name))}
      </Button>
      {own && (
        <Text id={ownReasonId} size="sm" lang={reason.lang}>
          {reason.text}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The case actions the shared rules allow now. An action they refuse stays visible but disabled,
 * with the rules' own reason beside it, so the case manager learns why rather than guessing. A
 * reason several actions share (the claim was cancelled, say) is said once, above them.
 */
export function CaseActions(props: { actions: ActionAvailability[]; onAction?: (name: CaseAction) => void }) {
  const { t } = useTranslation();
  const baseId = useId();
  const words = useRefusalWords();
  const reasons = props.actions.map((action) => reasonOf(action, t, words));
  const shared = [...new Set(reasons.map((reason) => reason?.text))].filter(
    (text): text is string => text !== undefined && reasons.filter((reason) => reason?.text === text).length > 1,
  );
  const sharedIdOf = (text: string | undefined) => (text === undefined || !shared.includes(text) ? undefined : `${baseId}-shared-${shared.indexOf(text)}`);
  return (
    <CaseSection title={t('case.actions.title')}>
      <Stack gap="md">
        {shared.map((text) => (
          <Text key={text} id={sharedIdOf(text)} size="sm" lang={reasons.find((reason) => reason?.text === text)?.lang}>
            {text}
          </Text>
        ))}
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
          {props.actions.map((action, index) => (
            <ActionRow key={action.name} action={action} onAction={props.onAction} sharedReasonId={sharedIdOf(reasons[index]?.text)} />
          ))}
        </SimpleGrid>
      </Stack>
    </CaseSection>
  );
}
