import { Badge, Box, CloseButton, DataList, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import { dueUrgency } from '../../../shared/domain/due';
import type { Dispute, DisputeState, Role } from '../../../shared/domain/model';
import type { PersonOnCase } from '../../data/presence';
import { nextDueOf, type CaseAction } from './case-facts';
import { CaseActions } from './CaseActions';
import { CaseColleagues } from './CaseColleagues';
import { changesUnderYou } from './changed-under-you';
import { ChangedNotice } from './ChangedNotice';
import { compareMax, compareMin, useCompareKey, type CompareTarget } from './compare-choice';
import { AgreedTerms, RulingSummary } from './Decision';
import { EvidenceItems, EvidenceRequests } from './EvidenceList';
import { UnsentNotes } from './InternalNotes';
import { formatCountdown, formatCountry, formatDateTime, formatMoney } from '../../ui/format';
import { CaseSection, Fact, Time, WrittenText } from './parts';
import { ReturnProgress } from './ReturnProgress';
import { CaseTimeline, type PersonName } from './Timeline';

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

/** The app's status bar (36 px) and a margin under the pinned side panel. */
const footerAndGap = 36 + 16;
/** What the header adds around its measured content (padding and border), and a gap under it. */
const headerFrame = 2 * 10 + 2 + 12;

/** Where the user was in the case when they left for the viewer, so coming back finds it again. */
export interface CasePlace {
  disputeId: string;
  /** The evidence ticked for comparing, in the order ticked. */
  ticked: readonly string[];
}

/** The next due date as a countdown badge, its exact time on hover and for screen readers. */
function DueBadge(props: { dueAt: string; now: string }) {
  const { t, i18n } = useTranslation();
  const urgency = dueUrgency(props.dueAt, props.now);
  const color = urgency === 'overdue' ? 'red.9' : urgency === 'soon' ? '#9a3412' : 'gray.8';
  const when = formatDateTime(props.dueAt, i18n.language);
  return (
    <Badge size="lg" variant="outline" color={color} tt="none" title={when}>
      {t('case.header.due', { countdown: formatCountdown(props.dueAt, new Date(props.now), i18n.language) })}
      <Box component="span" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' }}>
        {` (${when})`}
      </Box>
    </Badge>
  );
}

/**
 * One screen per case: a header pinned at the top with the dispute, its parties, money, state,
 * next due date and the actions the shared rules allow `actor` now; the case's timeline and its
 * evidence in the main column; order, requests, return and agreed terms beside them. `now` is the
 * service's current time, for due dates and the rules.
 */
export function CaseView(props: {
  dispute: Dispute;
  now: string;
  actor: { id: string; role: Role } | undefined;
  /** A team member's name from their id (the shell's `usePersonName`): people are never shown by id. */
  personName: PersonName;
  onClose?: () => void;
  onAction?: (name: CaseAction) => void;
  /**
   * Where evidence is brought in, shown after the evidence. A slot rather than an import: the
   * intake is its own feature, and features do not import each other; the shell composes them.
   */
  evidenceIntake?: ReactNode;
  /**
   * Opens the evidence viewer on these items; without it, the case view offers no comparing.
   * `place` is what to give back as `returnTo` when the user comes back.
   */
  onCompare?: (targets: CompareTarget[], place: CasePlace) => void;
  /** Where the user was when they left for the viewer: the ticks come back with them. */
  returnTo?: CasePlace;
  /** The form of the action chosen above it (a ruling, a request…), composed by the shell. */
  actionForm?: ReactNode;
  /** What became of the changes made to this dispute here, composed by the shell. */
  changes?: ReactNode;
  /** The ruling's second review, when one was drawn, composed by the shell. */
  secondReview?: ReactNode;
  /** Colleagues on this case now (presence), shown under its facts. */
  colleagues?: readonly PersonOnCase[];
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const { dispute, actor, onCompare, personName } = props;
  // Ticks belong to one dispute: opening another case starts with none.
  const [choice, setChoice] = useState<CasePlace>(() =>
    props.returnTo?.disputeId === dispute.id ? props.returnTo : { disputeId: dispute.id, ticked: [] },
  );
  const ticked = choice.disputeId === dispute.id ? choice.ticked.filter((id) => dispute.evidence.some((item) => item.id === id)) : [];
  const evidenceRef = useRef<HTMLDivElement>(null);
  // The pinned side panel sits under the pinned header, however tall the header wraps to.
  const { ref: headerRef, height: headerHeight } = useElementSize();
  const compare = (targets: CompareTarget[]) => onCompare?.(targets, { disputeId: dispute.id, ticked });
  useCompareKey(() => {
    if (!onCompare) return;
    if (ticked.length >= compareMin && ticked.length <= compareMax) compare(ticked.map((evidenceId) => ({ disputeId: dispute.id, evidenceId })));
    // Not enough ticked yet: take the reviewer to the boxes to tick.
    else evidenceRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]:not(:disabled)')?.focus();
  });
  // The dispute as the reader last took it in: what changed since, by others, is said in place.
  const [seen, setSeen] = useState(dispute);
  if (seen.id !== dispute.id) setSeen(dispute);
  const changes = changesUnderYou(seen.id === dispute.id ? seen : dispute, dispute, actor?.id);
  const locale = i18n.language;
  const { order } = dispute;
  const nextDue = nextDueOf(dispute);
  // The role's own work first: the second reviewer drawn for this ruling came for the review form.
  const reviewFirst = actor !== undefined && dispute.secondReview?.reviewerId === actor.id;
  const assigneeLabel =
    dispute.assignee === undefined
      ? t('case.facts.unassigned')
      : dispute.assignee === actor?.id
        ? t('case.facts.you', { name: personName(dispute.assignee) })
        : personName(dispute.assignee);

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      {/* Pinned: the dispute and what can be done on it stay in view while the timeline scrolls. */}
      <Paper ref={headerRef} withBorder shadow="xs" p="sm" pos="sticky" top={0} style={{ zIndex: 20 }} data-testid="case-header">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Group gap="sm" align="center">
              <Title order={2} id={headingId}>
                {t('case.title', { id: dispute.id })}
              </Title>
              <Badge size="lg" color={stateColor(dispute.state)} variant="filled" tt="none">
                {t(`case.state.${dispute.state}`)}
              </Badge>
              {nextDue !== undefined && <DueBadge dueAt={nextDue} now={props.now} />}
            </Group>
            <Group gap="lg" wrap="wrap" component="dl" style={{ margin: 0 }} data-testid="case-facts">
              <HeaderFact label={t('case.party.buyer')}>{t('case.header.person', { name: dispute.buyer.name, country: formatCountry(dispute.buyer.country, locale) })}</HeaderFact>
              <HeaderFact label={t('case.party.seller')}>{t('case.header.person', { name: dispute.seller.name, country: formatCountry(dispute.seller.country, locale) })}</HeaderFact>
              <HeaderFact label={t('case.claim.requestedRefund')}>
                {t('case.header.refundOfPaid', { refund: formatMoney(dispute.claim.requestedRefund, locale), paid: formatMoney(order.paid, locale) })}
              </HeaderFact>
              <HeaderFact label={t('case.facts.reason')}>{t(`case.reason.${dispute.reason}`)}</HeaderFact>
              <HeaderFact label={t('case.facts.assignee')}>{assigneeLabel}</HeaderFact>
            </Group>
            <CaseColleagues people={props.colleagues ?? []} />
            {changes.length > 0 && <ChangedNotice changes={changes} personName={personName} onSeen={() => setSeen(dispute)} />}
          </Stack>
          {props.onClose && <CloseButton aria-label={t('case.close')} onClick={props.onClose} />}
        </Group>
      </Paper>
      {reviewFirst && props.secondReview}

      {props.actionForm}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {dispute.ruling !== undefined && <RulingSummary dispute={dispute} personName={personName} />}
            {/* Anyone else reads the second review with the ruling it reviews. */}
            {!reviewFirst && props.secondReview}
            <CaseSection title={t('case.claim.title')}>
              <WrittenText text={dispute.claim.description} />
            </CaseSection>
            <div ref={evidenceRef}>
              <EvidenceItems
                dispute={dispute}
                choice={
                  onCompare && {
                    ticked,
                    onTick: (id, on) => setChoice({ disputeId: dispute.id, ticked: on ? [...ticked.filter((other) => other !== id), id] : ticked.filter((other) => other !== id) }),
                    onCompare: compare,
                  }
                }
              />
            </div>
            {props.evidenceIntake}
            <CaseTimeline dispute={dispute} personName={personName} />
            <UnsentNotes notes={dispute.internalNotes} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          {/*
            Pinned under the header: the actions stay in reach while the timeline scrolls, and
            the panel scrolls on its own when it is taller than the window (1280×720).
          */}
          <Stack
            gap="md"
            component="aside"
            aria-label={t('case.side.label')}
            pos="sticky"
            top={headerHeight + headerFrame}
            mah={`calc(100vh - ${headerHeight + headerFrame + footerAndGap}px)`}
            style={{ overflowY: 'auto' }}
            data-testid="case-side"
          >
            <CaseActions dispute={dispute} actor={actor} now={props.now} onAction={props.onAction} nameOf={personName} />
            <EvidenceRequests dispute={dispute} now={props.now} />
            <CaseSection title={t('case.order.title')}>
              <DataList labelWidth={110} mb="sm">
                <Fact label={t('case.order.id')}>{order.id}</Fact>
                <Fact label={t('case.order.placed')}><Time iso={order.placedAt} /></Fact>
                <Fact label={t('case.order.paid')}>{formatMoney(order.paid, locale)}</Fact>
                <Fact label={t('case.order.shipped')}>{order.shippedAt === undefined ? t('case.order.notShipped') : <Time iso={order.shippedAt} />}</Fact>
                {order.trackingNumber !== undefined && (
                  <Fact label={t('case.order.tracking')}><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{order.trackingNumber}</Text></Fact>
                )}
                <Fact label={t('case.facts.opened')}><Time iso={dispute.openedAt} /></Fact>
                <Fact label={t('case.facts.escalated')}>{dispute.escalatedAt === undefined ? t('case.facts.notEscalated') : <Time iso={dispute.escalatedAt} />}</Fact>
                {dispute.closedAt !== undefined && (
                  <Fact label={t('case.facts.closed')}><Time iso={dispute.closedAt} /></Fact>
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
            <ReturnProgress productReturn={dispute.return} />
            <AgreedTerms agreement={dispute.agreement} />
            {props.changes}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** One fact in the header's row: a small label over its value. */
function HeaderFact(props: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text component="dt" size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {props.children}
      </Text>
    </div>
  );
}
