import { DataList, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Agreement, Ruling } from '../../../shared/domain/model';
import { formatList, formatMoney } from '../../ui/format';
import { CaseSection, Time, WrittenText } from './parts';

/** The terms buyer and seller agreed and submitted, which the marketplace processes as agreed. */
export function AgreedTerms(props: { agreement: Agreement | undefined }) {
  const { t, i18n } = useTranslation();
  const { agreement } = props;
  return (
    <CaseSection title={t('case.agreement.title')}>
      {agreement === undefined ? (
        <Text c="dimmed">{t('case.agreement.none')}</Text>
      ) : (
        <DataList labelWidth={180}>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.agreement.terms')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <WrittenText text={agreement.terms} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.agreement.refund')}</DataList.ItemLabel>
            <DataList.ItemValue>{formatMoney(agreement.refund, i18n.language)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.agreement.withReturn')}</DataList.ItemLabel>
            <DataList.ItemValue>{agreement.withReturn ? t('case.yes') : t('case.no')}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.agreement.submittedBy')}</DataList.ItemLabel>
            <DataList.ItemValue>{t(`case.party.${agreement.submittedBy}`)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.agreement.recorded')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Time iso={agreement.recordedAt} />
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      )}
    </CaseSection>
  );
}

/** The recorded ruling: what was decided, the refund, why, on which evidence, and who ruled when. */
export function RulingSummary(props: { ruling: Ruling | undefined }) {
  const { t, i18n } = useTranslation();
  const { ruling } = props;
  const none = t('case.ruling.noneListed');
  return (
    <CaseSection title={t('case.ruling.title')}>
      {ruling === undefined ? (
        <Text c="dimmed">{t('case.ruling.none')}</Text>
      ) : (
        <DataList labelWidth={180}>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.outcome')}</DataList.ItemLabel>
            <DataList.ItemValue>{t(`case.ruling.outcomes.${ruling.outcome}`)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.refund')}</DataList.ItemLabel>
            <DataList.ItemValue>{formatMoney(ruling.refund, i18n.language)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.rationale')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <WrittenText text={ruling.rationale} />
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.cited')}</DataList.ItemLabel>
            <DataList.ItemValue>{ruling.citedEvidenceIds.length === 0 ? none : formatList(ruling.citedEvidenceIds, i18n.language)}</DataList.ItemValue>
          </DataList.Item>
          {ruling.rejectionReason !== undefined && (
            <DataList.Item>
              <DataList.ItemLabel>{t('case.ruling.rejectionReason')}</DataList.ItemLabel>
              <DataList.ItemValue>{t(`case.ruling.rejectionReasons.${ruling.rejectionReason}`)}</DataList.ItemValue>
            </DataList.Item>
          )}
          {ruling.lateEvidenceOverride !== undefined && (
            <DataList.Item>
              <DataList.ItemLabel>{t('case.ruling.lateEvidenceOverride')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <WrittenText text={ruling.lateEvidenceOverride} />
              </DataList.ItemValue>
            </DataList.Item>
          )}
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.policyCodes')}</DataList.ItemLabel>
            <DataList.ItemValue>{ruling.policyCodes.length === 0 ? none : formatList(ruling.policyCodes, i18n.language)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.ruledBy')}</DataList.ItemLabel>
            <DataList.ItemValue>{ruling.ruledBy}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('case.ruling.ruledAt')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Time iso={ruling.ruledAt} />
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
      )}
    </CaseSection>
  );
}
