import { Button, Paper, Stack, Text } from '@mantine/core';
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * Where files come in from the user's desktop: a drop target (native drag and drop, so it works
 * the same in Electron and in a browser) and a "Choose files" button for keyboards and anyone
 * who would rather pick. The target says so when files are over it.
 */
export function FileDrop(props: { onFiles: (files: File[]) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  // dragenter/dragleave fire for every child the pointer crosses; counting them tells when it really left.
  const depth = useRef(0);
  const [over, setOver] = useState(false);

  function take(list: FileList | null) {
    const files = list === null ? [] : Array.from(list);
    if (files.length > 0) props.onFiles(files);
  }

  return (
    <Paper
      role="group"
      aria-describedby={hintId}
      aria-label={t('evidence.drop.label')}
      data-dragging={over || undefined}
      p="lg"
      radius="md"
      style={{
        border: `2px dashed var(--mantine-color-${over ? 'indigo-7' : 'gray-5'})`,
        background: over ? 'var(--mantine-color-indigo-0)' : undefined,
        transition: 'background 120ms, border-color 120ms',
      }}
      onDragEnter={(event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event: DragEvent) => {
        if (!carriesFiles(event)) return;
        // Without this the browser opens the dropped file instead of handing it over.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event: DragEvent) => {
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        take(event.dataTransfer.files);
      }}
    >
      <Stack align="center" gap="xs">
        <Text fw={600} id={hintId} aria-live="polite">
          {over ? t('evidence.drop.release') : t('evidence.drop.hint')}
        </Text>
        <Text size="sm" c="dimmed" ta="center">
          {t('evidence.drop.limit')}
        </Text>
        <Button variant="default" onClick={() => input.current?.click()}>
          {t('evidence.drop.choose')}
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label={t('evidence.drop.choose')}
          onChange={(event) => {
            take(event.currentTarget.files);
            // Cleared so choosing the same file again is still a change.
            event.currentTarget.value = '';
          }}
        />
      </Stack>
    </Paper>
  );
}
