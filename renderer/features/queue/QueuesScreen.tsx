import { useTranslation } from 'react-i18next';
import { EmptyScreen } from '../../ui/EmptyScreen';

/** The case manager's dispute queues. Empty until sync brings disputes in. */
export function QueuesScreen() {
  const { t } = useTranslation();
  return <EmptyScreen title={t('queues.title')} emptyTitle={t('queues.emptyTitle')} emptyBody={t('queues.emptyBody')} />;
}
