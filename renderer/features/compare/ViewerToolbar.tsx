import { Button, Group, SegmentedControl, Slider, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLayout, layouts, type Layout } from './layouts';

/** An action the toolbar offers on the active pane, with the reason when it cannot be taken. */
export interface PaneAction {
  onClick: () => void;
  refusal?: string;
  busy?: boolean;
}

/** Props of the viewer's toolbar. */
export interface ViewerToolbarProps {
  layout: Layout;
  onLayout: (layout: Layout) => void;
  overlayOpacity: number;
  onOverlayOpacity: (opacity: number) => void;
  onFit: () => void;
  onActualPixels: () => void;
  onZoom: (by: number) => void;
  loupeOn: boolean;
  onLoupe: () => void;
  canSwap: boolean;
  onSwap: () => void;
  /** The pane notes and snapshots go to, worded. */
  activeLabel: string;
  note: PaneAction;
  snapshot: PaneAction;
  onHelp: () => void;
}

/**
 * The viewer's controls that are not the transport: layout, zoom, loupe, swap, and the actions on
 * the active pane (note, snapshot). An action that cannot be taken stays visible, disabled, with
 * the reason beside it, so a reviewer learns why rather than guessing.
 */
export function ViewerToolbar(props: ViewerToolbarProps) {
  const { t } = useTranslation();
  const noteReason = useId();
  const snapshotReason = useId();
  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap" align="center">
        <SegmentedControl
          aria-label={t('compare.layout.label')}
          value={props.layout}
          onChange={(value) => {
            if (isLayout(value)) props.onLayout(value);
          }}
          data={layouts.map((layout) => ({ value: layout, label: t(`compare.layout.${layout}`) }))}
        />
        {props.layout === 'overlay' && (
          <Group gap={6} wrap="nowrap" w={200}>
            <Text size="sm">{t('compare.overlay.opacity')}</Text>
            <Slider
              style={{ flex: 1 }}
              thumbLabel={t('compare.overlay.opacity')}
              min={0}
              max={1}
              step={0.05}
              value={props.overlayOpacity}
              label={(value) => `${Math.round(value * 100)}%`}
              onChange={props.onOverlayOpacity}
            />
          </Group>
        )}
        <Group gap={4} wrap="nowrap">
          <Button variant="default" size="sm" onClick={props.onFit}>
            {t('compare.zoom.fit')}
          </Button>
          <Button variant="default" size="sm" onClick={props.onActualPixels}>
            {t('compare.zoom.actual')}
          </Button>
          <Button variant="default" size="sm" aria-label={t('compare.zoom.out')} onClick={() => props.onZoom(1 / 1.25)}>
            −
          </Button>
          <Button variant="default" size="sm" aria-label={t('compare.zoom.in')} onClick={() => props.onZoom(1.25)}>
            +
          </Button>
          <Button variant={props.loupeOn ? 'filled' : 'default'} size="sm" aria-pressed={props.loupeOn} onClick={props.onLoupe}>
            {t('compare.zoom.loupe')}
          </Button>
        </Group>
        <Button variant="default" size="sm" disabled={!props.canSwap} onClick={props.onSwap}>
          {t('compare.swap')}
        </Button>
        <Group gap={4} wrap="nowrap">
          <Button
            size="sm"
            disabled={props.note.refusal !== undefined}
            aria-describedby={props.note.refusal === undefined ? undefined : noteReason}
            onClick={props.note.onClick}
          >
            {t('compare.notes.add')}
          </Button>
          <Button
            size="sm"
            variant="light"
            loading={props.snapshot.busy}
            disabled={props.snapshot.refusal !== undefined}
            aria-describedby={props.snapshot.refusal === undefined ? undefined : snapshotReason}
            onClick={props.snapshot.onClick}
          >
            {t('compare.snapshot.button')}
          </Button>
        </Group>
        <Button variant="subtle" size="sm" aria-label={t('compare.shortcuts.open')} onClick={props.onHelp}>
          ?
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {props.activeLabel}
        {props.note.refusal !== undefined && (
          <Text span id={noteReason} size="sm" c="dimmed" display="block">
            {t('compare.notes.refusedBecause', { reason: props.note.refusal })}
          </Text>
        )}
        {props.snapshot.refusal !== undefined && (
          <Text span id={snapshotReason} size="sm" c="dimmed" display="block">
            {t('compare.snapshot.refusedBecause', { reason: props.snapshot.refusal })}
          </Text>
        )}
      </Text>
    </Stack>
  );
}
