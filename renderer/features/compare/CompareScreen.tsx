import { Button, Group, Loader, Stack, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import { useDeskData } from '../../data/DeskDataProvider';
import { EmptyScreen } from '../../ui/EmptyScreen';
import { EvidenceViewer } from './EvidenceViewer';
import { disputeIdsOf, resolvePanes, type ViewerItemRef } from './pane-sources';

/**
 * The reviewer's side-by-side comparison of the evidence chosen in a case. With nothing chosen it
 * says how to choose. The cases involved are read live, so notes appear as they are written.
 */
export function CompareScreen(props: { items: readonly ViewerItemRef[] | undefined; onBack?: () => void }) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const items = props.items ?? [];
  const ids = disputeIdsOf(items);
  const idsKey = ids.join('\n');
  const stored = useLiveQuery(() => (idsKey === '' ? [] : db.disputes.bulkGet(idsKey.split('\n'))), [db, idsKey]);

  if (items.length === 0) return <EmptyScreen title={t('compare.title')} emptyTitle={t('compare.emptyTitle')} emptyBody={t('compare.emptyBody')} />;

  const disputes = new Map<string, Dispute>((stored ?? []).flatMap((entry) => (entry ? [[entry.id, entry.doc] as const] : [])));
  const panes = resolvePanes(items, disputes);
  // A new choice of items is a new comparison: layout, zoom and offsets start afresh.
  const selectionKey = panes.map((pane) => pane.key).join('|');
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h3">
          {ids.length === 1 ? t('compare.titleFor', { id: ids[0] }) : t('compare.title')}
        </Title>
        {props.onBack && (
          <Button variant="subtle" onClick={props.onBack}>
            {t('compare.back')}
          </Button>
        )}
      </Group>
      {stored === undefined ? <Loader role="status" aria-label={t('settings.loading')} /> : <EvidenceViewer key={selectionKey} panes={panes} />}
    </Stack>
  );
}
