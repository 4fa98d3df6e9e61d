import { useTranslation } from 'react-i18next';
import { EmptyScreen } from '../../ui/EmptyScreen';

/** The reviewer's side-by-side evidence comparison. Empty until evidence exists. */
export function CompareScreen() {
  const { t } = useTranslation();
  return <EmptyScreen title={t('compare.title')} emptyTitle={t('compare.emptyTitle')} emptyBody={t('compare.emptyBody')} />;
}
