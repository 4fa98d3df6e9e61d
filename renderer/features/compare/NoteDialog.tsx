import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Writes a note on one pane's item at the place it was opened for (`where`, already worded).
 * `onSave` answers the rules' refusal when the note cannot be kept, else nothing.
 */
export function NoteDialog(props: { opened: boolean; where: string; onClose: () => void; onSave: (text: string) => Promise<string | undefined> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') return;
    setSaving(true);
    const refused = await props.onSave(text);
    setSaving(false);
    if (refused !== undefined) return setRefusal(refused);
    setText('');
    setRefusal(undefined);
    props.onClose();
  }

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('compare.notes.dialogTitle')} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={(event) => void save(event)}>
        <Stack gap="sm">
          <Text size="sm">{props.where}</Text>
          <Textarea
            label={t('compare.notes.text')}
            rows={4}
            maxLength={4000}
            data-autofocus
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save(event);
            }}
          />
          {refusal !== undefined && (
            <Alert color="red" role="alert" lang="en">
              {refusal}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={props.onClose}>
              {t('compare.notes.cancel')}
            </Button>
            <Button type="submit" loading={saving} disabled={text.trim() === ''}>
              {t('compare.notes.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
