import { Badge, CloseButton, DataList, Group, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { Dispute, DisputeState, Party, Person, Role } from '../../../shared/domain/model';
import { actionsNow, type CaseAction } from './case-facts';
import { CaseActions } from './CaseActions';
import { AgreedTerms, RulingSummary } from './Decision';
import { EvidenceItems, EvidenceRequests } from './EvidenceList';
import { formatCountry, formatMoney } from '../../ui/format';
import { CaseSection, Time, WrittenText } from './parts';
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
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const { dispute, actor } = props;
  const locale = i18n.language;
  const { order } = dispute;
  const parties: [Party, Person][] = [
    ['buyer', dispute.buyer],
    ['seller', dispute.seller],
  ];

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

      <DataList labelWidth={140}>
        <DataList.Item>
          <DataList.ItemLabel>{t('case.facts.reason')}</DataList.ItemLabel>
          <DataList.ItemValue>{t(`case.reason.${dispute.reason}`)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('case.facts.opened')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Time iso={dispute.openedAt} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('case.facts.escalated')}</DataList.ItemLabel>
          <DataList.ItemValue>{dispute.escalatedAt === undefined ? t('case.facts.notEscalated') : <Time iso={dispute.escalatedAt} />}</DataList.ItemValue>
        </DataList.Item>
        {dispute.closedAt !== undefined && (
          <DataList.Item>
            <DataList.ItemLabel>{t('case.facts.closed')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Time iso={dispute.closedAt} />
            </DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel>{t('case.facts.assignee')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {dispute.assignee === undefined
              ? t('case.facts.unassigned')
              : dispute.assignee === actor?.id
                ? t('case.facts.you', { id: dispute.assignee })
                : dispute.assignee}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>

      <CaseActions actions={actionsNow(dispute, actor, props.now)} onAction={props.onAction} />

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <CaseSection title={t('case.order.title')}>
          <DataList labelWidth={140} mb="sm">
            <DataList.Item>
              <DataList.ItemLabel>{t('case.order.id')}</DataList.ItemLabel>
              <DataList.ItemValue>{order.id}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('case.order.placed')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <Time iso={order.placedAt} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('case.order.paid')}</DataList.ItemLabel>
              <DataList.ItemValue>{formatMoney(order.paid, locale)}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('case.order.shipped')}</DataList.ItemLabel>
              <DataList.ItemValue>{order.shippedAt === undefined ? t('case.order.notShipped') : <Time iso={order.shippedAt} />}</DataList.ItemValue>
            </DataList.Item>
            {order.trackingNumber !== undefined && (
              <DataList.Item>
                <DataList.ItemLabel>{t('case.order.tracking')}</DataList.ItemLabel>
                <DataList.ItemValue>{order.trackingNumber}</DataList.ItemValue>
              </DataList.Item>
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
              <DataList.Item>
                <DataList.ItemLabel>{t('case.claim.description')}</DataList.ItemLabel>
                <DataList.ItemValue>
                  <WrittenText text={dispute.claim.description} />
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>{t('case.claim.requestedRefund')}</DataList.ItemLabel>
                <DataList.ItemValue>{formatMoney(dispute.claim.requestedRefund, locale)}</DataList.ItemValue>
              </DataList.Item>
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
      <EvidenceItems dispute={dispute} />
      <ReturnProgress productReturn={dispute.return} />
      <AgreedTerms agreement={dispute.agreement} />
      <RulingSummary ruling={dispute.ruling} />
    </Stack>
  );
}
