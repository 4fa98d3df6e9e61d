import { Badge, CloseButton, DataList, Group, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { Dispute, DisputeState, Party, Person, Role } from '../../../shared/domain/model';
import type { CaseAction } from './case-facts';
import { CaseActions } from './CaseActions';
import { compareMax, compareMin, useCompareKey, type CompareTarget } from './compare-choice';
import { AgreedTerms, RulingSummary } from './Decision';
import { EvidenceItems, EvidenceRequests } from './EvidenceList';
import { InternalNotes } from './InternalNotes';
import { formatCountry, formatMoney } from '../../ui/format';
import { CaseSection, Fact, Time, WrittenText } from './parts';
import { ReturnProgress } from './ReturnProgress';
import { NegotiationTimeline } from './Timeline';

/** Shades dark enough for the badge's white text to pass WCAG AA; the groups say who has the dispute. */
function stateColor(state: DisputeState): string {
  switch (state) {
    case 'escalated':
    case 'awaiting_evidence':
    case 'under_review':
      return 'indigo.9';
    case 'ruled':
      return 'teal.9';
    case 'negotiating':
    case 'closed':
    case 'cancelled':
    case 'offer_accepted':
    case 'settled':
      return 'gray.7';
    default:
      throw missingCaseError(state);
  }
}

/**
 * Everything about one dispute a case manager needs to rule on it, and which actions the shared
 * rules allow `actor` now. `now` is the service's current time, for due dates and the rules.
 */
export function CaseView(props: {
  dispute: Dispute;
  now: string;
  actor: { id: string; role: Role } | undefined;
  onClose?: () => void;
  onAction?: (name: CaseAction) => void;
  /** A colleague's name from their id (the shell's usePersonName), for the actions' reasons. */
  nameOf?: (userId: string) => string;
  /**
   * Where evidence is brought in, shown after the evidence. A slot rather than an import: the
   * intake is its own feature, and features do not import each other; the shell composes them.
   */
  evidenceIntake?: ReactNode;
  /** Opens the evidence viewer on these items; without it, the case view offers no comparing. */
  onCompare?: (targets: CompareTarget[]) => void;
  /** The form of the action chosen above it (a ruling, a request…), composed by the shell. */
  actionForm?: ReactNode;
  /** What became of the changes made to this dispute here, composed by the shell. */
  changes?: ReactNode;
  /** The ruling's second review, when one was drawn, composed by the shell. */
  secondReview?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const { dispute, actor, onCompare } = props;
  // Ticks belong to one dispute: opening another case starts with none.
  const [choice, setChoice] = useState<{ disputeId: string; ticked: readonly string[] }>({ disputeId: dispute.id, ticked: [] });
  const ticked = choice.disputeId === dispute.id ? choice.ticked.filter((id) => dispute.evidence.some((item) => item.id === id)) : [];
  const evidenceRef = useRef<HTMLDivElement>(null);
  useCompareKey(() => {
    if (!onCompare) return;
    if (ticked.length >= compareMin && ticked.length <= compareMax) onCompare(ticked.map((evidenceId) => ({ disputeId: dispute.id, evidenceId })));
    // Not enough ticked yet: take the reviewer to the boxes to tick.
    else evidenceRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]:not(:disabled)')?.focus();
  });
  const locale = i18n.language;
  const { order } = dispute;
  const parties: [Party, Person][] = [
    ['buyer', dispute.buyer],
    ['seller', dispute.seller],
  ];

  // The role's own work first: the second reviewer drawn for this ruling came for the review form.
  const reviewFirst = actor !== undefined && dispute.secondReview?.reviewerId === actor.id;
  const assigneeLabel =
    dispute.assignee === undefined
      ? t('case.facts.unassigned')
      : dispute.assignee === actor?.id
        ? t('case.facts.you', { id: dispute.assignee })
        : dispute.assignee;
  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="sm" align="center">
          <Title order={2} id={headingId}>
            {t('case.title', { id: dispute.id })}
          </Title>
          <Badge size="lg" color={stateColor(dispute.state)} variant="filled">
            {t(`case.state.${dispute.state}`)}
          </Badge>
        </Group>
        {props.onClose && <CloseButton aria-label={t('case.close')} onClick={props.onClose} />}
      </Group>
      {reviewFirst && props.secondReview}

      <DataList labelWidth={140}>
        <Fact label={t('case.facts.reason')}>{t(`case.reason.${dispute.reason}`)}</Fact>
        <Fact label={t('case.facts.opened')}><Time iso={dispute.openedAt} /></Fact>
        <Fact label={t('case.facts.escalated')}>{dispute.escalatedAt === undefined ? t('case.facts.notEscalated') : <Time iso={dispute.escalatedAt} />}</Fact>
        {dispute.closedAt !== undefined && (
          <Fact label={t('case.facts.closed')}><Time iso={dispute.closedAt} /></Fact>
        )}
        <Fact label={t('case.facts.assignee')}>{assigneeLabel}</Fact>
      </DataList>

      <CaseActions dispute={dispute} actor={actor} now={props.now} onAction={props.onAction} nameOf={props.nameOf} />
      {props.actionForm}
      {props.changes}
      {!reviewFirst && props.secondReview}

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <CaseSection title={t('case.order.title')}>
          <DataList labelWidth={140} mb="sm">
            <Fact label={t('case.order.id')}>{order.id}</Fact>
            <Fact label={t('case.order.placed')}><Time iso={order.placedAt} /></Fact>
            <Fact label={t('case.order.paid')}>{formatMoney(order.paid, locale)}</Fact>
            <Fact label={t('case.order.shipped')}>{order.shippedAt === undefined ? t('case.order.notShipped') : <Time iso={order.shippedAt} />}</Fact>
            {order.trackingNumber !== undefined && (
              <Fact label={t('case.order.tracking')}>{order.trackingNumber}</Fact>
            )}
          </DataList>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('case.order.item')}</Table.Th>
                <Table.Th>{t('case.order.unitPrice')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.items.map((item, index) => (
                // Items have no id of their own; the order never changes once placed.
                <Table.Tr key={index}>
                  <Table.Td>{t('case.order.line', { title: item.title, quantity: item.quantity })}</Table.Td>
                  <Table.Td>{formatMoney(item.unitPrice, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </CaseSection>

        <Stack gap="md">
          <CaseSection title={t('case.claim.title')}>
            <DataList labelWidth={140}>
              <Fact label={t('case.claim.description')}><WrittenText text={dispute.claim.description} /></Fact>
              <Fact label={t('case.claim.requestedRefund')}>{formatMoney(dispute.claim.requestedRefund, locale)}</Fact>
            </DataList>
          </CaseSection>
          <CaseSection title={t('case.parties.title')}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('case.parties.party')}</Table.Th>
                  <Table.Th>{t('case.parties.name')}</Table.Th>
                  <Table.Th>{t('case.parties.country')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {parties.map(([party, person]) => (
                  <Table.Tr key={party}>
                    <Table.Th scope="row">{t(`case.party.${party}`)}</Table.Th>
                    <Table.Td>{person.name}</Table.Td>
                    <Table.Td>{formatCountry(person.country, locale)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </CaseSection>
        </Stack>
      </SimpleGrid>

      <NegotiationTimeline dispute={dispute} />
      <EvidenceRequests dispute={dispute} now={props.now} />
      <div ref={evidenceRef}>
        <EvidenceItems
          dispute={dispute}
          choice={
            onCompare && {
              ticked,
              onTick: (id, on) => setChoice({ disputeId: dispute.id, ticked: on ? [...ticked.filter((other) => other !== id), id] : ticked.filter((other) => other !== id) }),
              onCompare,
            }
          }
        />
      </div>
      {props.evidenceIntake}
      <ReturnProgress productReturn={dispute.return} />
      <AgreedTerms agreement={dispute.agreement} />
      <RulingSummary ruling={dispute.ruling} />
      <InternalNotes notes={dispute.internalNotes} />
    </Stack>
  );
}
