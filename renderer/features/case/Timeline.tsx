import { Badge, Group, Text, Timeline } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import { evidenceLabelText, requestLabel } from '../../../shared/domain/evidence-label';
import type { Dispute, Message, Party } from '../../../shared/domain/model';
import { latestSellerOffer } from '../../../shared/domain/rules';
import { caseTimelineOf, type TimelineEntry } from './case-facts';
import { formatList, formatMoney } from '../../ui/format';
import { CaseSection, Time, WrittenText } from './parts';

/** A team member's name from their id; the shell gives the team's (never the id itself). */
export type PersonName = (userId: string | undefined) => string;

function partyName(dispute: Dispute, party: Party, t: TFunction): string {
  const person = party === 'buyer' ? dispute.buyer : dispute.seller;
  return t('case.timeline.from', { name: person.name, party: t(`case.party.${party}`) });
}

function author(dispute: Dispute, from: Message['from'], t: TFunction): string {
  return from === 'platform' ? t('case.party.platform') : partyName(dispute, from, t);
}

/** The entry's one-line title, in the user's language, with people by name. */
function titleOf(entry: TimelineEntry, dispute: Dispute, personName: PersonName, t: TFunction, locale: string): string {
  switch (entry.kind) {
    case 'message':
      return author(dispute, entry.message.from, t);
    case 'offer':
      return t('case.timeline.offer', { party: partyName(dispute, entry.offer.by, t), refund: formatMoney(entry.offer.refund, locale) });
    case 'request':
      return t('case.timeline.requested', {
        request: requestLabel(dispute, entry.request.id),
        party: partyName(dispute, entry.request.party, t),
        kinds: formatList(entry.request.kinds.map((kind) => t(`case.evidenceKind.${kind}`)), locale),
      });
    case 'evidence':
      return t('case.timeline.evidence', {
        party: partyName(dispute, entry.item.party, t),
        label: evidenceLabelText(dispute, entry.item, t('case.evidence.new')),
        file: entry.item.fileName ?? entry.item.url ?? t(`case.evidenceKind.${entry.item.kind}`),
      });
    case 'note':
      return t('case.timeline.note', { name: personName(entry.note.by) });
    case 'ruling':
      return t('case.timeline.ruling', {
        name: personName(entry.ruling.ruledBy),
        outcome: t(`case.ruling.outcomes.${entry.ruling.outcome}`),
        refund: formatMoney(entry.ruling.refund, locale),
      });
    case 'overturn':
      return t('case.timeline.overturn', { name: personName(entry.ruling.overturnedBy) });
    case 'agreement':
      return t('case.timeline.agreement', { party: t(`case.party.${entry.agreement.submittedBy}`), refund: formatMoney(entry.agreement.refund, locale) });
    default:
      throw missingCaseError(entry);
  }
}

function keyOf(entry: TimelineEntry, index: number): string {
  switch (entry.kind) {
    case 'message':
      return `m-${entry.message.id}`;
    case 'offer':
      return `o-${entry.offer.id}`;
    case 'request':
      return `r-${entry.request.id}`;
    case 'evidence':
      return `e-${entry.item.id}`;
    case 'note':
      return `n-${entry.note.id}`;
    // A dispute may be ruled, overturned and ruled again: rulings have no id, so their place keeps them apart.
    case 'ruling':
    case 'overturn':
    case 'agreement':
      return `${entry.kind}-${index}`;
    default:
      throw missingCaseError(entry);
  }
}

/** What the entry says below its title: the text written, or what was decided. */
function EntryBody(props: { entry: TimelineEntry; dispute: Dispute; latest: ReturnType<typeof latestSellerOffer> }) {
  const { t } = useTranslation();
  const { entry } = props;
  switch (entry.kind) {
    case 'message':
      return <WrittenText text={entry.message.body} lang={entry.message.language} />;
    case 'offer':
      return (
        <Group gap="xs">
          <Text size="sm">{entry.offer.withReturn ? t('case.timeline.withReturn') : t('case.timeline.withoutReturn')}</Text>
          {entry.offer === props.latest && (
            <Badge color="indigo.9" variant="filled">
              {t('case.timeline.latestSellerOffer')}
            </Badge>
          )}
        </Group>
      );
    case 'request':
      return (
        <>
          <Text size="sm">
            {t('case.timeline.dueBy')} <Time iso={entry.request.dueAt} />
          </Text>
          {entry.request.note !== '' && <WrittenText text={entry.request.note} />}
        </>
      );
    case 'evidence':
      return entry.item.description === '' ? null : <WrittenText text={entry.item.description} />;
    case 'note':
      return <WrittenText text={entry.note.text} />;
    case 'ruling':
      return <WrittenText text={entry.ruling.rationale} />;
    case 'overturn':
      return <WrittenText text={entry.ruling.overturnReason} />;
    case 'agreement':
      return <WrittenText text={entry.agreement.terms} />;
    default:
      throw missingCaseError(entry);
  }
}

/**
 * What happened on the case, oldest first: the negotiation between buyer and seller and the
 * marketplace's events, evidence requested and received, the team's notes, agreed terms and
 * rulings, each by name and at the user's local time.
 */
export function CaseTimeline(props: { dispute: Dispute; personName: PersonName }) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const entries = caseTimelineOf(dispute);
  // The buyer may accept only the seller's latest offer, so the case manager needs to see which.
  const latest = latestSellerOffer(dispute);
  return (
    <CaseSection title={t('case.timeline.title')}>
      {entries.length === 0 ? (
        <Text c="dimmed">{t('case.timeline.empty')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {entries.map((entry, index) => (
            <Timeline.Item key={keyOf(entry, index)} title={titleOf(entry, dispute, props.personName, t, i18n.language)} data-kind={entry.kind}>
              <Text size="xs" c="dimmed">
                <Time iso={entry.at} />
              </Text>
              <EntryBody entry={entry} dispute={dispute} latest={latest} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </CaseSection>
  );
}
