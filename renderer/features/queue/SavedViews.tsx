import { ActionIcon, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createLogger } from '../../../shared/logger';
import { useDeskData } from '../../data/DeskDataProvider';
import { adoptLegacyViews, deleteView, saveView, savedViewsOf, type SavedView } from './saved-views';

const log = createLogger('saved-views-panel');

/** Saving the current view under a name, and going back to one of the signed-in user's saved views. */
export function SavedViews(props: { userId: string; current: Omit<SavedView, 'name'>; onApply: (view: SavedView) => void }) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    adoptLegacyViews(db, props.userId, window.localStorage, new Date()).catch((error: unknown) =>
      log.error('moving the saved views from local storage failed; they stay there', { error: String(error) }),
    );
  }, [db, props.userId]);
  const views = useLiveQuery(() => savedViewsOf(db, props.userId), [db, props.userId]) ?? [];
  const save = () => {
    saveView(db, props.userId, { ...props.current, name }, new Date())
      .then((result) => {
        if (result.ok) {
          setChosen(name.trim());
          setName('');
        }
      })
      .catch((error: unknown) => log.error('saving a view failed', { error: String(error) }));
  };
  return (
    <Stack gap={4} mt="md">
      <Group gap={4} wrap="nowrap" align="flex-end">
        <Select
          label={t('queue.views.label')}
          placeholder={views.length === 0 ? t('queue.views.none') : t('queue.views.choose')}
          data={views.map((view) => view.name)}
          value={chosen}
          disabled={views.length === 0}
          onChange={(picked) => {
            setChosen(picked);
            const view = views.find((candidate) => candidate.name === picked);
            if (view) props.onApply(view);
          }}
          style={{ flex: 1, minWidth: 0 }}
        />
        {chosen !== null && views.some((view) => view.name === chosen) && (
          <ActionIcon
            variant="subtle"
            color="gray.8"
            size="lg"
            aria-label={t('queue.views.delete', { name: chosen })}
            title={t('queue.views.delete', { name: chosen })}
            onClick={() => {
              deleteView(db, props.userId, chosen).catch((error: unknown) => log.error('deleting a view failed', { error: String(error) }));
              setChosen(null);
            }}
          >
            ×
          </ActionIcon>
        )}
      </Group>
      <Group gap={4} wrap="nowrap">
        <TextInput
          aria-label={t('queue.views.name')}
          placeholder={t('queue.views.name')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && name.trim()) save();
          }}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Button variant="light" disabled={!name.trim()} onClick={save}>
          {t('queue.views.save')}
        </Button>
      </Group>
    </Stack>
  );
}
