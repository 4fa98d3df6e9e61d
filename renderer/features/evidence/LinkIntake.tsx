import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskResponse } from '../../../shared/contract/calls';

type LinkCheck = { link: string } & ({ answer: DeskResponse<'evidence.checkLink'> } | { failed: string });

/**
 * An external link the party gave instead of an upload. The host checks it first (scheme, the
 * allowed hosts) without opening it; only a link it accepted can be fetched, and editing the
 * field throws the old answer away, so a refused link is never fetched.
 */
export function LinkIntake(props: { onFetch: (url: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [link, setLink] = useState('');
  const [check, setCheck] = useState<LinkCheck>();
  const [busy, setBusy] = useState(false);
  const current = check?.link === link ? check : undefined;
  const accepted = current && 'answer' in current && current.answer.ok ? current.answer : undefined;

  async function checkLink(event?: FormEvent) {
    event?.preventDefault();
    const asked = link.trim();
    if (asked === '') return;
    setBusy(true);
    const answer = await window.desk.invoke('evidence.checkLink', { url: asked });
    setBusy(false);
    setCheck(answer.ok ? { link, answer: answer.value } : { link, failed: answer.error.message });
  }

  async function fetchLink() {
    if (!accepted) return;
    setBusy(true);
    const started = await props.onFetch(accepted.url);
    setBusy(false);
    if (started) {
      setLink('');
      setCheck(undefined);
    }
  }

  return (
    <Stack gap="xs" component="form" onSubmit={(event) => void checkLink(event)}>
      <Group align="flex-end" gap="xs">
        <TextInput
          style={{ flex: 1, minWidth: 260 }}
          label={t('evidence.link.label')}
          description={t('evidence.link.description')}
          placeholder="https://"
          value={link}
          onChange={(event) => setLink(event.currentTarget.value)}
        />
        <Button type="submit" variant="default" loading={busy && !accepted} disabled={link.trim() === ''}>
          {t('evidence.link.check')}
        </Button>
        <Button type="button" onClick={() => void fetchLink()} disabled={!accepted} loading={busy && accepted !== undefined}>
          {t('evidence.link.fetch')}
        </Button>
      </Group>
      {current && 'answer' in current && !current.answer.ok && (
        <Alert color="red" title={t('evidence.link.refused')} role="alert">
          <Text size="sm" dir="auto" style={{ overflowWrap: 'anywhere' }}>
            {current.answer.reason}
          </Text>
        </Alert>
      )}
      {current && 'failed' in current && (
        <Alert color="red" title={t('evidence.link.checkFailed')} role="alert">
          {current.failed}
        </Alert>
      )}
      {accepted && (
        <Text size="sm" c="teal.9" role="status">
          {t('evidence.link.accepted', { host: accepted.host })}
        </Text>
      )}
    </Stack>
  );
}
