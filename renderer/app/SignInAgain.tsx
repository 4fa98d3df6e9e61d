import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../data/DeskDataProvider';
import { usePendingCount } from '../data/use-outbox';
import { SignInForm } from '../features/session';

/**
 * The sign-in screen, saying what waits in the outbox: a sign-in that expired while offline
 * loses nothing, and the changes go out once the case manager signs in again.
 */
export function SignInAgain(props: { expiredFor?: string }) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const pending = usePendingCount(db) ?? 0;
  return (
    <Stack maw={420}>
      {props.expiredFor !== undefined && (
        // No Alert title: Mantine's yellow title colour is below WCAG AA on its own background.
        <Alert color="yellow" role="status">
          <Text fw={700} size="sm">
            {t('session.expiredTitle')}
          </Text>
          <Text size="sm">{t('session.expired', { name: props.expiredFor })}</Text>
        </Alert>
      )}
      {pending > 0 && (
        <Alert color="indigo" role="status" data-testid="waiting-changes">
          {t('session.waiting', { count: pending })}
        </Alert>
      )}
      <SignInForm />
    </Stack>
  );
}
