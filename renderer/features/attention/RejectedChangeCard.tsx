import { Badge, Button, CopyButton, DataList, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { rulabilityOf } from '../../../shared/domain/lifecycle';
import type { RulingDraft } from '../../../shared/domain/model';
import type { HoldCode } from '../../data/outbox-guard';
import type { RejectedChange } from '../../data/use-outbox';
import { usePersonName } from '../../data/use-team';
import { formatDateTime } from '../../ui/format';
import { outcomeLabel, stateLabel } from '../../ui/labels';
import { useRefusalWords } from '../../ui/use-refusal-words';
import { describeChange, rulingDraftOf, textOf } from './change-words';

/** Whether the desk itself held the change (decision 0019), so its words come in the user's language. */
function heldBecause(code: string | undefined): code is HoldCode {
  return code === 'changed_outside_app' || code === 'server_error';
}

/** What the case manager can do about one refused change. */
export interface AttentionChoices {
  onRuleAgain: (disputeId: string, draft: RulingDraft, change: RejectedChange) => void;
  onOpenDispute: (disputeId: string) => void;
  onDiscard: (change: RejectedChange) => void;
}

/**
 * One refused change: what it was, the service's reason, the dispute as the service has it now,
 * and the choices: rule again on the new state, open the dispute, copy the text, or discard.
 */
export function RejectedChangeCard(props: { change: RejectedChange } & AttentionChoices) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const { entry, dispute } = props.change;
  const words = useRefusalWords(dispute);
  const personName = usePersonName();
  const refused = words(entry);
  const disputeId = entry.args.disputeId;
  const draft = rulingDraftOf(entry);
  const text = textOf(entry);
  const rulable = dispute === undefined ? undefined : rulabilityOf(dispute);
  const ruleAgainBlocked = dispute === undefined ? t('attention.disputeGone') : rulable && !rulable.ok ? words(rulable.refusal).text : undefined;
  const reasonId = useId();
  const messageId = useId();
  // The service's refusal often is the very reason ruling again is blocked; it is then said once.
  const blockedBySameReason = ruleAgainBlocked !== undefined && (ruleAgainBlocked === refused.text || (rulable?.ok === false && rulable.refusal.code === entry.code));
  return (
    <Paper component="article" withBorder p="md" aria-labelledby={headingId} data-testid="rejected-change">
      <Stack gap="sm">
        <Title order={3} size="h5" id={headingId}>
          {t('attention.cardTitle', { change: describeChange(entry, t, i18n.language, personName), id: disputeId })}
        </Title>
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <Badge color="red.9" variant="filled" style={{ flexShrink: 0 }}>
            {t('changes.statuses.rejected')}
          </Badge>
          {heldBecause(entry.code) ? (
            <Text size="sm" id={messageId}>
              {t(`attention.held.${entry.code}`)}
            </Text>
          ) : (
            <Text size="sm" lang={refused.lang} id={messageId} data-testid="refusal-text">
              {refused.text}
            </Text>
          )}
        </Group>
        <DataList labelWidth={200}>
          <DataList.Item>
            <DataList.ItemLabel>{t('attention.madeAt')}</DataList.ItemLabel>
            <DataList.ItemValue>{formatDateTime(entry.createdAt, i18n.language)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('attention.stateNow')}</DataList.ItemLabel>
            <DataList.ItemValue data-testid="state-now">{dispute === undefined ? t('attention.disputeGone') : stateLabel(t, dispute.state)}</DataList.ItemValue>
          </DataList.Item>
          {dispute?.ruling !== undefined && (
            <DataList.Item>
              <DataList.ItemLabel>{t('attention.rulingNow')}</DataList.ItemLabel>
              <DataList.ItemValue>
                {t('attention.rulingBy', { outcome: outcomeLabel(t, dispute.ruling.outcome), by: personName(dispute.ruling.ruledBy) })}
              </DataList.ItemValue>
            </DataList.Item>
          )}
          {dispute !== undefined && (
            <DataList.Item>
              <DataList.ItemLabel>{t('attention.assigneeNow')}</DataList.ItemLabel>
              <DataList.ItemValue>{dispute.assignee === undefined ? t('case.facts.unassigned') : personName(dispute.assignee)}</DataList.ItemValue>
            </DataList.Item>
          )}
        </DataList>
        {props.change.pendingOnTop && <Text size="sm">{t('attention.pendingOnTop')}</Text>}
        <Group gap="sm">
          {draft !== undefined && (
            <Button
              color="indigo.8"
              disabled={ruleAgainBlocked !== undefined}
              aria-describedby={ruleAgainBlocked === undefined ? undefined : blockedBySameReason ? messageId : reasonId}
              onClick={() => props.onRuleAgain(disputeId, draft, props.change)}
            >
              {t('attention.ruleAgain')}
            </Button>
          )}
          {dispute !== undefined && (
            <Button variant="default" onClick={() => props.onOpenDispute(disputeId)}>
              {t('attention.open')}
            </Button>
          )}
          {text !== undefined && (
            <CopyButton value={text}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t('attention.copied') : t(draft === undefined ? 'attention.copyNote' : 'attention.copyRationale')}
                </Button>
              )}
            </CopyButton>
          )}
          <Button variant="subtle" color="red" c="red.9" onClick={() => props.onDiscard(props.change)}>
            {t('attention.discard')}
          </Button>
        </Group>
        {draft !== undefined && ruleAgainBlocked !== undefined && !blockedBySameReason && (
          <Text size="sm" id={reasonId}>
            {ruleAgainBlocked}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
