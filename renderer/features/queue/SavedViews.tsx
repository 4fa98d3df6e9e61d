import { Button, Group, Select, TextInput } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFilter, QueueSort } from './filter';
import type { QueueId } from './queues';

/** A named queue, filter, sort and search, kept on this computer. */
export interface SavedView {
  name: string;
  queue: QueueId;
  filter: QueueFilter;
  sort: QueueSort;
  search: string;
}

/** Saving the current view under a name, and going back to a saved one. */
export function SavedViews(props: { current: Omit<SavedView, 'name'>; onApply: (view: SavedView) => void }) {
  const { t } = useTranslation();
  const [views, setViews] = useLocalStorage<SavedView[]>({ key: 'desk.savedViews', defaultValue: [] });
  const [name, setName] = useState('');
  return (
    <Group gap={4} mt="lg" align="flex-end">
      <Select
        label={t('queue.views.label')}
        placeholder={views.length === 0 ? t('queue.views.none') : t('queue.views.choose')}
        data={views.map((view) => view.name)}
        value={null}
        onChange={(chosen) => {
          const view = views.find((candidate) => candidate.name === chosen);
          if (view) props.onApply(view);
        }}
        w="100%"
      />
      <TextInput aria-label={t('queue.views.name')} placeholder={t('queue.views.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} style={{ flex: 1 }} />
      <Button
        variant="light"
        disabled={!name.trim()}
        onClick={() => {
          setViews([...views.filter((view) => view.name !== name.trim()), { ...props.current, name: name.trim() }]);
          setName('');
        }}
      >
        {t('queue.views.save')}
      </Button>
    </Group>
  );
}
