import { Badge, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dispute, Message } from '../../../shared/domain/model';
import { latestSellerOffer } from '../../../shared/domain/rules';
import { negotiationOf } from './case-facts';
import { formatMoney } from '../../ui/format';
import { CaseSection, Time, WrittenText } from './parts';

/** The negotiation between buyer and seller: messages and refund offers in the order they happened. */
export function NegotiationTimeline(props: { dispute: Dispute }) {
  const { t, i18n } = useTranslation();
  const { dispute } = props;
  const entries = negotiationOf(dispute);
  // The seed lets the buyer accept only the seller's latest offer, so the case manager needs to see which.
  const latest = latestSellerOffer(dispute);

  function author(from: Message['from']): string {
    if (from === 'platform') return t('case.party.platform');
    const person = from === 'buyer' ? dispute.buyer : dispute.seller;
    return t('case.timeline.from', { name: person.name, party: t(`case.party.${from}`) });
  }

  return (
    <CaseSection title={t('case.timeline.title')}>
      {entries.length === 0 ? (
        <Text c="dimmed">{t('case.timeline.empty')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {entries.map((entry) =>
            entry.kind === 'message' ? (
              <Timeline.Item key={`m-${entry.message.id}`} title={author(entry.message.from)}>
                <Text size="xs" c="dimmed">
                  <Time iso={entry.at} />
                </Text>
                <WrittenText text={entry.message.body} lang={entry.message.language} />
              </Timeline.Item>
            ) : (
              <Timeline.Item
                key={`o-${entry.offer.id}`}
                title={t('case.timeline.offer', {
                  party: t(`case.party.${entry.offer.by}`),
                  refund: formatMoney(entry.offer.refund, i18n.language),
                })}
              >
                <Text size="xs" c="dimmed">
                  <Time iso={entry.at} />
                </Text>
                <Group gap="xs">
                  <Text size="sm">{entry.offer.withReturn ? t('case.timeline.withReturn') : t('case.timeline.withoutReturn')}</Text>
                  {entry.offer === latest && (
                    <Badge color="indigo.9" variant="filled">
                      {t('case.timeline.latestSellerOffer')}
                    </Badge>
                  )}
                </Group>
              </Timeline.Item>
            ),
          )}
        </Timeline>
      )}
    </CaseSection>
  );
}
