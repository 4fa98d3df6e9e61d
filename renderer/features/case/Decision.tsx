import { DataList, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { evidenceLabelText } from '../../../shared/domain/evidence-label';
import type { Agreement, Dispute } from '../../../shared/domain/model';
import { formatList, formatMoney } from '../../ui/format';
import { CaseSection, Fact, Time, WrittenText } from './parts';
import { policyLabel } from '../../ui/labels';
import type { PersonName } from './Timeline';

/** The terms buyer and seller agreed and submitted, which the marketplace processes as agreed. */
export function AgreedTerms(props: { agreement: Agreement | undefined }) {
  const { t, i18n } = useTranslation();
  const { agreement } = props;
  return (
    <CaseSection title={t('case.agreement.title')}>
      {agreement === undefined ? (
        <Text c="dimmed">{t('case.agreement.none')}</Text>
      ) : (
        <DataList labelWidth={130}>
          <Fact label={t('case.agreement.terms')}><WrittenText text={agreement.terms} /></Fact>
          <Fact label={t('case.agreement.refund')}>{formatMoney(agreement.refund, i18n.language)}</Fact>
          <Fact label={t('case.agreement.withReturn')}>{agreement.withReturn ? t('case.yes') : t('case.no')}</Fact>
          <Fact label={t('case.agreement.submittedBy')}>{t(`case.party.${agreement.submittedBy}`)}</Fact>
          <Fact label={t('case.agreement.recorded')}><Time iso={agreement.recordedAt} /></Fact>
        </DataList>
      )}
    </CaseSection>
  );
}

/** Cited evidence as people name it: label and file name; an id no longer on the dispute as it is. */
function citedNames(dispute: Dispute, ids: readonly string[], newWord: string): string[] {
  return ids.map((id) => {
    const item = dispute.evidence.find((candidate) => candidate.id === id);
    if (item === undefined) return id;
    const label = evidenceLabelText(dispute, item, newWord);
    return item.fileName === undefined ? label : `${label} (${item.fileName})`;
  });
}

/** The recorded ruling: what was decided, the refund, why, on which evidence, and who ruled when. */
export function RulingSummary(props: { dispute: Dispute; personName: PersonName }) {
  const { t, i18n } = useTranslation();
  const { ruling } = props.dispute;
  const none = t('case.ruling.noneListed');
  return (
    <CaseSection title={t('case.ruling.title')}>
      {ruling === undefined ? (
        <Text c="dimmed">{t('case.ruling.none')}</Text>
      ) : (
        <DataList labelWidth={130}>
          <Fact label={t('case.ruling.outcome')}>{t(`case.ruling.outcomes.${ruling.outcome}`)}</Fact>
          <Fact label={t('case.ruling.refund')}>{formatMoney(ruling.refund, i18n.language)}</Fact>
          <Fact label={t('case.ruling.rationale')}><WrittenText text={ruling.rationale} /></Fact>
          <Fact label={t('case.ruling.cited')}>{ruling.citedEvidenceIds.length === 0 ? none : formatList(citedNames(props.dispute, ruling.citedEvidenceIds, t('case.evidence.new')), i18n.language)}</Fact>
          {ruling.rejectionReason !== undefined && (
            <Fact label={t('case.ruling.rejectionReason')}>{t(`case.ruling.rejectionReasons.${ruling.rejectionReason}`)}</Fact>
          )}
          {ruling.lateEvidenceOverride !== undefined && (
            <Fact label={t('case.ruling.lateEvidenceOverride')}><WrittenText text={ruling.lateEvidenceOverride} /></Fact>
          )}
          <Fact label={t('case.ruling.policyCodes')}>{ruling.policyCodes.length === 0 ? none : formatList(ruling.policyCodes.map((code) => policyLabel(t, code)), i18n.language)}</Fact>
          <Fact label={t('case.ruling.ruledBy')}>{props.personName(ruling.ruledBy)}</Fact>
          <Fact label={t('case.ruling.ruledAt')}><Time iso={ruling.ruledAt} /></Fact>
        </DataList>
      )}
    </CaseSection>
  );
}
