import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ServiceAddressForm } from './ServiceAddressForm';

/**
 * The first-run screen, while no case service is known: a packaged app started from its icon has
 * no DESK_SERVICE_URL, so the user types the address their team gave them.
 */
export function ConnectScreen() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg" maw={560} component="section" aria-labelledby="connect-title">
      <Stack>
        <Title order={1} size="h2" id="connect-title">
          {t('connect.title')}
        </Title>
        <Text>{t('connect.body')}</Text>
        <ServiceAddressForm initial="" submitLabel={t('connect.submit')} />
      </Stack>
    </Paper>
  );
}
