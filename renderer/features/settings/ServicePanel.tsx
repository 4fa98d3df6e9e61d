import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { ServiceAddressForm } from '../session/ServiceAddressForm';

/**
 * The case service this computer syncs with, and connecting it to another. A change signs the
 * user out and forgets the previous service's copy; not while changes wait to be sent to it.
 */
export function ServicePanel() {
  const { t } = useTranslation();
  const { serviceUrl } = useDeskData();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="service-title">
      <Title order={2} size="h4" mb="xs" id="service-title">
        {t('settings.service.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('settings.service.hint')}
      </Text>
      <ServiceAddressForm initial={serviceUrl ?? ''} submitLabel={t('settings.service.save')} />
    </Paper>
  );
}
