import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../shared/contract/errors';
import type { ServiceFindings as Findings } from '../../shared/domain/evidence-checks';
import type { EvidenceItem } from '../../shared/domain/model';
import { findingDisagreements } from '../../shared/domain/service-findings';
import { flagReason } from './EvidenceFlags';

/** What the service could check an item with, in words, when it lacked the bytes. */
function withoutFileKey(file: Findings['file']): string | undefined {
  switch (file) {
    case 'checked':
      return undefined;
    case 'no_file':
      return 'evidence.service.noFile';
    case 'not_sent_too_large':
      return 'evidence.service.notSentTooLarge';
    case 'not_sent_missing':
      return 'evidence.service.notSentMissing';
    default:
      throw missingCaseError(file);
  }
}

/**
 * Whether the case service's own check of an item (decision 0021) has something to say beside
 * the desk's flags: a disagreement, or that it lacked the file. Not where the two agree, nor for
 * an item the service did not check (the marketplace's own).
 */
export function hasServiceFindingsToShow(item: Pick<EvidenceItem, 'flags' | 'serviceFindings'>): boolean {
  return item.serviceFindings !== undefined && (item.serviceFindings.file !== 'checked' || findingDisagreements(item).length > 0);
}

/**
 * What the case service's own check says beside the desk's flags: each flag the desk claimed that
 * the check does not support, each one the desk left out with the service's reason, and what the
 * service could not check without the file.
 */
export function ServiceFindings(props: { item: Pick<EvidenceItem, 'flags' | 'serviceFindings'> }) {
  const { t, i18n } = useTranslation();
  const findings = props.item.serviceFindings;
  if (findings === undefined || !hasServiceFindingsToShow(props.item)) return null;
  const disagreements = findingDisagreements(props.item);
  const withoutFile = withoutFileKey(findings.file);
  return (
    <List listStyleType="none" spacing={4} aria-label={t('evidence.service.label')} data-testid="service-findings">
      {disagreements.map(({ code, deskSaid, serviceFlag }) => (
        <List.Item key={code}>
          <Text size="sm" c="red.9" dir="auto">
            {deskSaid || serviceFlag === undefined
              ? t('evidence.service.claimed', { flag: t(`evidence.flagName.${code}`) })
              : t('evidence.service.omitted', { flag: t(`evidence.flagName.${code}`), reason: flagReason(serviceFlag, t, i18n.language) })}
          </Text>
        </List.Item>
      ))}
      {withoutFile !== undefined && (
        <List.Item>
          <Text size="sm" c="dimmed">
            {t(withoutFile)}
          </Text>
        </List.Item>
      )}
    </List>
  );
}
