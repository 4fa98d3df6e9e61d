import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { SettingsPanel } from './SettingsPanel';

/** The form that checks and saves a case service address, as the shell renders it. */
export type ServiceAddressSlot = (form: { initial: string; submitLabel: string }) => ReactNode;

/**
 * The case service this computer syncs with, and connecting it to another. A change signs the
 * user out and forgets the previous service's copy; not while changes wait to be sent to it. The
 * address form is the session feature's, which the shell passes in.
 */
export function ServicePanel(props: { addressForm: ServiceAddressSlot }) {
  const { t } = useTranslation();
  const { serviceUrl } = useDeskData();
  return (
    <SettingsPanel title={t('settings.service.title')} hint={t('settings.service.hint')}>
      {props.addressForm({ initial: serviceUrl ?? '', submitLabel: t('settings.service.save') })}
    </SettingsPanel>
  );
}
