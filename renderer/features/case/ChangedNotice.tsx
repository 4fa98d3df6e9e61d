import { Alert, Button, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { ChangeUnderYou } from './changed-under-you';
import type { PersonName } from './Timeline';

/**
 * "This dispute changed while you were reading it", with what changed, in the case header. It
 * stays until the reader says they saw it; nothing under it (an open form, its draft) is touched.
 */
export function ChangedNotice(props: { changes: readonly ChangeUnderYou[]; personName: PersonName; onSeen: () => void }) {
  const { t } = useTranslation();
  const words = (change: ChangeUnderYou): string => {
    switch (change.kind) {
      case 'evidence':
        return t(`case.changed.evidence.${change.party}`, { count: change.count });
      case 'messages':
        return t('case.changed.messages', { count: change.count });
      case 'notes':
        return t('case.changed.notes', { count: change.count });
      case 'claimed':
        return t('case.changed.claimed', { name: props.personName(change.by) });
      case 'released':
        return t('case.changed.released', { name: props.personName(change.by) });
      case 'ruled':
        return t('case.changed.ruled', { name: props.personName(change.by) });
      case 'state':
        return change.state === 'cancelled' || change.state === 'offer_accepted'
          ? t(`case.changed.state.${change.state}`)
          : t('case.changed.state.other', { state: t(`case.state.${change.state}`) });
      default:
        throw missingCaseError(change);
    }
  };
  return (
    <Alert color="orange" variant="light" role="status" title={t('case.changed.title')} data-testid="changed-under-you" p="xs">
      <List size="sm" spacing={2}>
        {props.changes.map((change) => (
          <List.Item key={`${change.kind}-${'party' in change ? change.party : ''}`}>{words(change)}</List.Item>
        ))}
      </List>
      <Button size="compact-sm" variant="default" mt={6} onClick={props.onSeen}>
        {t('case.changed.keep')}
      </Button>
    </Alert>
  );
}
