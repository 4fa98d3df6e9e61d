import { useTranslation } from 'react-i18next';
import { EmptyScreen } from '../../ui/EmptyScreen';

/** The team lead's audit of decisions. Empty until rulings are recorded. */
export function AuditScreen() {
  const { t } = useTranslation();
  return <EmptyScreen title={t('audit.title')} emptyTitle={t('audit.emptyTitle')} emptyBody={t('audit.emptyBody')} />;
}
