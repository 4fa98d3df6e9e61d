import { Button, Group, Text, Tooltip, VisuallyHidden, useMantineTheme } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { Dispute, Role } from '../../../shared/domain/model';
import { refusalWords, type RefusalWords } from '../../i18n/refusal-words';
import { evidenceNamer } from '../../ui/labels';
import { actionsNow, shownActions, type CaseAction, type ShownAction } from './case-facts';
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

function ActionButton(props: { action: ShownAction; onAction?: (name: CaseAction) => void; reasonOf: (action: ShownAction) => RefusalWords }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const reasonId = useId();
  const { action } = props;
  const label = t(labelKey(action.name));
  if (action.refusal === undefined) {
    return (
      // The default shade 6 gives white label text 4.3:1, under WCAG AA; shade 8 passes.
      <Button color={`${theme.primaryColor}.8`} onClick={() => props.onAction?.(action.name)}>
        {label}
      </Button>
    );
  }
  // The rules' refusal in the user's language (refusalText): the colleague by name, no code or id.
  const reason = props.reasonOf(action);
  // Not `disabled`: a disabled button gets no hover or focus, so its tooltip could never show.
  // aria-disabled keeps it unusable and says so; the reason is its description for screen readers.
  return (
    <>
      <Tooltip label={<span lang={reason.lang}>{reason.text}</span>} multiline maw={320} events={{ hover: true, focus: true, touch: true }}>
        <Button variant="default" data-disabled aria-disabled="true" aria-describedby={reasonId} onClick={(event) => event.preventDefault()}>
          {label}
        </Button>
      </Tooltip>
      <VisuallyHidden id={reasonId} lang={reason.lang}>
        {reason.text}
      </VisuallyHidden>
    </>
  );
}

/**
 * The case actions that fit now, from the same shared rule the case service applies
 * (caseActionAllowed): the ones allowed, and a refused one only where its reason helps (who holds
 * the case), with the reason on hover. Nothing when no action fits, so a reviewer's own work is
 * not pushed down by buttons they cannot use. One component, for the case view to pin where it likes.
 */
export function CaseActions(props: {
  dispute: Dispute;
  actor: { id: string; role: Role } | undefined;
  now: string;
  onAction?: (name: CaseAction) => void;
  /** A colleague's name from their id, for "Li Na is working on this dispute". */
  nameOf?: (userId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const reasonOf = (action: ShownAction): RefusalWords =>
    action.refusal === undefined
      ? { text: '' }
      : refusalWords(action.refusal, { t, locale: i18n.language, evidenceLabel: evidenceNamer(t, props.dispute), personName: props.nameOf ?? (() => t('people.unknown')) });
  if (props.actor === undefined) {
    return (
      <CaseSection title={t('case.actions.title')}>
        <Text size="sm">{t('case.actions.signedOut')}</Text>
      </CaseSection>
    );
  }
  const shown = shownActions(actionsNow(props.dispute, props.actor, props.now));
  if (shown.length === 0) return null;
  return (
    <CaseSection title={t('case.actions.title')}>
      <Group gap="sm">
        {shown.map((action) => (
          <ActionButton key={action.name} action={action} onAction={props.onAction} reasonOf={reasonOf} />
        ))}
      </Group>
    </CaseSection>
  );
}
