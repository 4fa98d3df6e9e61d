import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { ServiceAddressForm } from '../session/ServiceAddressForm';
import { SettingsPanel } from './SettingsPanel';

/**
 * The case service this computer syncs with, and connecting it to another. A change signs the
 * user out and forgets the previous service's copy; not while changes wait to be sent to it.
 */
export function ServicePanel() {
  const { t } = useTranslation();
  const { serviceUrl } = useDeskData();
  return (
    <SettingsPanel title={t('settings.service.title')} hint={t('settings.service.hint')}>
      <ServiceAddressForm initial={serviceUrl ?? ''} submitLabel={t('settings.service.save')} />
    </SettingsPanel>
  );
}
