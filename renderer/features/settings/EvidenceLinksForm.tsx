import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { linkHostsSchema, type HostProblem } from './link-hosts';
import { SettingsPanel } from './SettingsPanel';

type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready' };

/**
 * The file-sharing hosts whose links this computer accepts as evidence instead of an upload
 * (the seed's "valid external link"). A link to any other host is refused before it is opened,
 * and the refusal points here. A list that cannot be saved stays in the field as typed.
 */
export function EvidenceLinksForm() {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState<{ ok: true; count: number } | { ok: false; message: string }>();
  const form = useForm<{ hosts: string }, unknown, { hosts: string[] }>({ resolver: zodResolver(linkHostsSchema), defaultValues: { hosts: '' } });
  const { reset } = form;

  useEffect(() => {
    let current = true;
    void window.desk.invoke('settings.get', {}).then((answer) => {
      if (!current) return;
      if (!answer.ok) return setLoaded({ status: 'failed', message: answer.error.message });
      reset({ hosts: answer.value.linkHosts.join('\n') });
      setLoaded({ status: 'ready' });
    });
    return () => {
      current = false;
    };
  }, [attempt, reset]);

  const problem = form.formState.errors.hosts?.message;
  const shownProblem = problem ? (JSON.parse(problem) as HostProblem) : undefined;

  return (
    <SettingsPanel title={t('settings.links.title')} hint={t('settings.links.hint')}>
      {loaded.status === 'loading' && <Text c="dimmed">{t('settings.loading')}</Text>}
      {loaded.status === 'failed' && (
        <Alert color="red" role="alert" title={t('settings.links.loadFailed')}>
          <Text size="sm" mb="xs">
            {loaded.message}
          </Text>
          <Button size="xs" variant="default" onClick={() => (setLoaded({ status: 'loading' }), setAttempt((n) => n + 1))}>
            {t('settings.links.retry')}
          </Button>
        </Alert>
      )}
      {loaded.status === 'ready' && (
        <form
          noValidate
          onSubmit={form.handleSubmit(async (values) => {
            const answer = await window.desk.invoke('settings.update', { linkHosts: values.hosts });
            if (!answer.ok) return setSaved({ ok: false, message: answer.error.message });
            form.reset({ hosts: answer.value.linkHosts.join('\n') });
            setSaved({ ok: true, count: answer.value.linkHosts.length });
          })}
        >
          <Textarea
            label={t('settings.links.label')}
            description={t('settings.links.description')}
            rows={10}
            spellCheck={false}
            error={shownProblem && t(shownProblem.key, { line: shownProblem.line })}
            {...form.register('hosts', { onChange: () => setSaved(undefined) })}
          />
          {saved && !saved.ok && (
            <Alert color="red" role="alert" mt="sm" title={t('settings.links.saveFailed')}>
              {saved.message}
            </Alert>
          )}
          <Group mt="sm" gap="sm">
            {/* Shade 8: the default shade 6 gives white text 4.3:1, under WCAG AA. */}
            <Button type="submit" color="indigo.8" loading={form.formState.isSubmitting} disabled={!form.formState.isDirty}>
              {t('settings.links.save')}
            </Button>
            {saved?.ok && (
              <Text size="sm" role="status">
                {saved.count === 0 ? t('settings.links.savedNone') : t('settings.links.saved', { count: saved.count })}
              </Text>
            )}
          </Group>
        </form>
      )}
    </SettingsPanel>
  );
}
