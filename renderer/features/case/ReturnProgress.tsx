import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import { returnStageSchema, type ProductReturn, type ReturnStage } from '../../../shared/domain/model';
import { CaseSection, Time, WrittenText } from './parts';

/** When a return reached `stage`, if it has. */
function reachedAt(productReturn: ProductReturn, stage: ReturnStage): string | undefined {
  switch (stage) {
    case 'requested':
      return productReturn.requestedAt;
    case 'address_confirmed':
      return productReturn.addressConfirmedAt;
    case 'shipped':
      return productReturn.shippedAt;
    case 'received':
      return productReturn.receivedAt;
    case 'refunded':
      return productReturn.refundedAt;
    default:
      throw missingCaseError(stage);
  }
}

/**
 * How far the return has come: requested → address confirmed → shipped → received → refunded,
 * with the confirmed address and tracking number, since the seed lets the buyer ship only to the
 * address the seller confirmed.
 */
export function ReturnProgress(props: { productReturn: ProductReturn | undefined }) {
  const { t } = useTranslation();
  const { productReturn } = props;
  if (productReturn === undefined) {
    return (
      <CaseSection title={t('case.return.title')}>
        <Text c="dimmed">{t('case.return.none')}</Text>
      </CaseSection>
    );
  }
  const stages = returnStageSchema.options;
  const current = stages.indexOf(productReturn.stage);

  return (
    <CaseSection title={t('case.return.title')}>
      <Timeline active={current} bulletSize={14} lineWidth={2}>
        {stages.map((stage, index) => {
          const at = reachedAt(productReturn, stage);
          return (
            <Timeline.Item key={stage} title={t(`case.return.stage.${stage}`)} aria-current={index === current ? 'step' : undefined}>
              <Text size="xs" c="dimmed">
                {at === undefined ? t('case.return.notYet') : <Time iso={at} />}
              </Text>
              {stage === 'address_confirmed' && productReturn.address !== undefined && <WrittenText text={productReturn.address} />}
              {stage === 'shipped' && productReturn.trackingNumber !== undefined && (
                <Text size="sm">{t('case.return.tracking', { tracking: productReturn.trackingNumber })}</Text>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </CaseSection>
  );
}
