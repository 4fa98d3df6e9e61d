import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Props of the folder control. */
export interface FolderIntakeProps {
  /** Whether the host has its own folder dialog (app.info); nothing is shown until it is known. */
  canChooseFolders: boolean | undefined;
  /** Brings in a typed folder (browser host); true once its job started. */
  onTyped: (path: string) => Promise<boolean>;
  /** Asks the host's own dialog for a folder and brings it in (desktop app). */
  onChoose: () => Promise<void>;
}

/**
 * "A folder on this computer": in the desktop app a button that opens the system's folder
 * dialog, so only a folder the user chose is read; in the browser host, which has no such dialog,
 * the folder's path typed in.
 */
export function FolderIntake(props: FolderIntakeProps) {
  if (props.canChooseFolders === undefined) return null;
  return props.canChooseFolders ? <ChooseFolder onChoose={props.onChoose} /> : <TypedFolder onTyped={props.onTyped} />;
}

function ChooseFolder(props: { onChoose: () => Promise<void> }) {
  const { t } = useTranslation();
  const descriptionId = useId();
  const [choosing, setChoosing] = useState(false);
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm" fw={500}>
        {t('evidence.folder.label')}
      </Text>
      <Text size="xs" c="dimmed" id={descriptionId}>
        {t('evidence.folder.chooseDescription')}
      </Text>
      <Button
        variant="default"
        aria-describedby={descriptionId}
        loading={choosing}
        onClick={() => {
          setChoosing(true);
          void props.onChoose().finally(() => setChoosing(false));
        }}
      >
        {t('evidence.folder.choose')}
      </Button>
    </Stack>
  );
}

function TypedFolder(props: { onTyped: (path: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const path = folder.trim();
    if (path === '') return;
    void props.onTyped(path).then((started) => {
      if (started) setFolder('');
    });
  }

  return (
    <Group align="flex-end" gap="xs" component="form" onSubmit={submit}>
      <TextInput
        style={{ flex: 1, minWidth: 260 }}
        label={t('evidence.folder.label')}
        description={t('evidence.folder.description')}
        value={folder}
        onChange={(event) => setFolder(event.currentTarget.value)}
      />
      <Button type="submit" variant="default" disabled={folder.trim() === ''}>
        {t('evidence.folder.bring')}
      </Button>
    </Group>
  );
}
