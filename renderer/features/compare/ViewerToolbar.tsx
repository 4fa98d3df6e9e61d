import { Button, Group, Menu, SegmentedControl, Slider, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
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
  /** Whether the cards beside the panes (notes, flags, facts) are shown. */
  detailsOpen: boolean;
  onDetails: () => void;
}

/**
 * The viewer's controls that are not the transport, on one row at 1280×720: layout, zoom (a menu:
 * its keys, F, 0, + and -, are quicker), loupe, swap, the actions on the active pane (note,
 * snapshot) and the details column. An action that cannot be taken stays visible, disabled, with
 * the reason on hover and read with the button, so a reviewer learns why rather than guessing.
 */
export function ViewerToolbar(props: ViewerToolbarProps) {
  const { t } = useTranslation();
  const noteReason = useId();
  const snapshotReason = useId();
  const noteRefusal = props.note.refusal === undefined ? undefined : t('compare.notes.refusedBecause', { reason: props.note.refusal });
  const snapshotRefusal = props.snapshot.refusal === undefined ? undefined : t('compare.snapshot.refusedBecause', { reason: props.snapshot.refusal });
  return (
    <Group gap={6} wrap="wrap" align="center" role="toolbar" aria-label={t('compare.toolbar')}>
      <SegmentedControl
        size="xs"
        aria-label={t('compare.layout.label')}
        value={props.layout}
        onChange={(value) => {
          if (isLayout(value)) props.onLayout(value);
        }}
        data={layouts.map((layout) => ({ value: layout, label: t(`compare.layout.${layout}`) }))}
      />
      {props.layout === 'overlay' && (
        <Slider
          w={110}
          thumbLabel={t('compare.overlay.opacity')}
          min={0}
          max={1}
          step={0.05}
          value={props.overlayOpacity}
          label={(value) => `${t('compare.overlay.opacity')} ${Math.round(value * 100)}%`}
          onChange={props.onOverlayOpacity}
        />
      )}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" size="xs" rightSection={<span aria-hidden>▾</span>}>
            {t('compare.zoom.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={props.onFit}>{t('compare.zoom.fit')}</Menu.Item>
          <Menu.Item onClick={props.onActualPixels}>{t('compare.zoom.actual')}</Menu.Item>
          <Menu.Item onClick={() => props.onZoom(1.25)}>{t('compare.zoom.in')}</Menu.Item>
          <Menu.Item onClick={() => props.onZoom(1 / 1.25)}>{t('compare.zoom.out')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button variant={props.loupeOn ? 'filled' : 'default'} size="xs" aria-pressed={props.loupeOn} onClick={props.onLoupe}>
        {t('compare.zoom.loupe')}
      </Button>
      <Button variant="default" size="xs" disabled={!props.canSwap} onClick={props.onSwap}>
        {t('compare.swap')}
      </Button>
      <WithReason reason={noteRefusal} id={noteReason}>
        <Button size="xs" disabled={noteRefusal !== undefined} aria-describedby={noteRefusal === undefined ? undefined : noteReason} onClick={props.note.onClick}>
          {t('compare.notes.add')}
        </Button>
      </WithReason>
      <WithReason reason={snapshotRefusal} id={snapshotReason}>
        <Button
          size="xs"
          variant="light"
          loading={props.snapshot.busy}
          disabled={snapshotRefusal !== undefined}
          aria-describedby={snapshotRefusal === undefined ? undefined : snapshotReason}
          onClick={props.snapshot.onClick}
        >
          {t('compare.snapshot.button')}
        </Button>
      </WithReason>
      <Button variant="default" size="xs" aria-pressed={props.detailsOpen} onClick={props.onDetails}>
        {t('compare.details.toggle')}
      </Button>
      <Button variant="subtle" size="xs" aria-label={t('compare.shortcuts.open')} onClick={props.onHelp}>
        ?
      </Button>
      <Text size="xs" c="dimmed" truncate="end" title={props.activeLabel} style={{ flex: 1, minWidth: 0 }}>
        {props.activeLabel}
      </Text>
    </Group>
  );
}

/** A control with, when it cannot be used, its reason on hover and, for screen readers, under `id`. */
function WithReason(props: { reason: string | undefined; id: string; children: ReactNode }) {
  if (props.reason === undefined) return props.children;
  return (
    <>
      <Tooltip label={props.reason} multiline w={280} withinPortal>
        {/* A disabled button gets no pointer events; the span beside it takes the hover. */}
        <span style={{ display: 'inline-flex' }}>{props.children}</span>
      </Tooltip>
      <VisuallyHidden id={props.id}>{props.reason}</VisuallyHidden>
    </>
  );
}
