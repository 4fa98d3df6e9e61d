import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useDeskData } from '../../data/DeskDataProvider';

const signInSchema = z.object({ username: z.string().trim().min(1), password: z.string().min(1) });
type SignIn = z.infer<typeof signInSchema>;

/** Signing in to the team's case service; the session is kept across restarts. */
export function SignInForm() {
  const { t } = useTranslation();
  const { signIn, serviceUrl } = useDeskData();
  const [failure, setFailure] = useState<string>();
  const form = useForm<SignIn>({ resolver: zodResolver(signInSchema), defaultValues: { username: '', password: '' } });

  return (
    <Paper withBorder p="lg" maw={420} component="section" aria-labelledby="sign-in-title">
      <form
        noValidate
        onSubmit={form.handleSubmit(async (values) => {
          const refused = await signIn(values.username, values.password);
          setFailure(
            typeof refused === 'object'
              ? t('session.othersWaiting', { count: refused.pending, name: refused.owner.name })
              : refused,
          );
        })}
      >
        <Stack>
          <Title order={2} size="h3" id="sign-in-title">
            {t('session.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('session.hint', { url: serviceUrl })}
          </Text>
          <TextInput
            label={t('session.username')}
            autoComplete="username"
            error={form.formState.errors.username && t('session.required')}
            {...form.register('username')}
          />
          <PasswordInput
            label={t('session.password')}
            autoComplete="current-password"
            // Mantine keeps the show-password toggle out of the Tab order; keyboard users need it too.
            visibilityToggleButtonProps={{ tabIndex: 0 }}
            error={form.formState.errors.password && t('session.required')}
            {...form.register('password')}
          />
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          {/* Shade 8: the default shade 6 gives white text 4.3:1, under WCAG AA. */}
          <Button type="submit" color="indigo.8" loading={form.formState.isSubmitting}>
            {t('session.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
