import { Alert, Group, Stack } from '@mantine/core';
import { Fragment, useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceNote } from '../../../shared/domain/model';
import { useDeskData } from '../../data/DeskDataProvider';
import { enqueueMutation } from '../../data/outbox';
import { ShortcutSheet } from '../../ui/ShortcutSheet';
import { DifferenceView } from './DifferenceView';
import classes from './EvidenceViewer.module.css';
import { formatClock, frameAt, frameRateOf, nextSpeed } from './frame-math';
import { arrangement, rotatePanes, type Layout } from './layouts';
import { MediaElements } from './media-elements';
import { MediaPane } from './MediaPane';
import { leaderTimeShowing, noteArgs, notesOf, timelineMarkers, type NoteSpot } from './notes';
import { NoteDialog } from './NoteDialog';
import { paneMediaOf, type PaneSource } from './pane-sources';
import { PaneInfo } from './PaneInfo';
import { PlaybackSync } from './playback-sync';
import { commandOfKey, viewerShortcuts, type ViewerCommand } from './shortcuts';
import { SwipeDivider } from './SwipeDivider';
import { Transport } from './Transport';
import { usePaneDescriptions, type DescriptionState } from './use-pane-description';
import { usePaneActions } from './use-pane-actions';
import { actualPixels, centeredOn, fitView, zoomBy, type Point, type ViewTransform } from './view-transform';
import { ViewerContext, type ViewUpdate } from './viewer-context';
import { ViewerToolbar } from './ViewerToolbar';

/**
 * Keys typed into these go to them, not to the viewer's shortcuts; so do keys in a dialog, whose
 * events reach the viewer through React's tree although the dialog is elsewhere in the page.
 */
const typingTargets = 'input:not([type="radio"]):not([type="checkbox"]), textarea, select, [contenteditable="true"], [role="dialog"]';
/** Controls whose own arrow keys move them (the timeline, a layout choice, a menu): there the arrows are theirs. */
const arrowTargets = '[role="slider"], input[type="radio"], [role="radio"], [role="tab"], [role="menuitem"], [role="menu"]';

/** Places in the order the panes were last arranged, with panes added since at the end. */
function inOrder(panes: readonly PaneSource[], order: readonly string[]): PaneSource[] {
  const byKey = new Map(panes.map((pane) => [pane.key, pane]));
  const known = order.filter((key) => byKey.has(key));
  const added = panes.map((pane) => pane.key).filter((key) => !known.includes(key));
  return [...known, ...added].map((key) => byKey.get(key)!);
}

/**
 * The side-by-side evidence viewer for two to four items: one transport for every video, shared
 * zoom and pan with a loupe, five layouts, per-pane offsets, notes kept with the case, snapshots
 * as new evidence, and each item's metadata and flags beside it. Keyboard first (`?` lists keys).
 */
export function EvidenceViewer(props: { panes: readonly PaneSource[] }) {
  const { t } = useTranslation();
  const { db, session, syncNow } = useDeskData();
  const [sync] = useState(() => new PlaybackSync());
  const [elements] = useState(() => new MediaElements());
  const [order, setOrder] = useState<readonly string[]>([]);
  const [layout, setLayout] = useState<Layout>('side');
  const [view, setView] = useState<ViewTransform>(fitView);
  const [loupeOn, setLoupeOn] = useState(false);
  const [loupeAt, setLoupeAt] = useState<Point | null>(null);
  const [swipe, setSwipe] = useState(50);
  const [overlayOpacity, setOverlayOpacity] = useState(0.5);
  // The cards beside the panes (notes, flags, facts); hidden, the panes take the width.
  const [detailsOpen, setDetailsOpen] = useState(true);
  const [activeKey, setActiveKey] = useState<string>();
  const [marks, setMarks] = useState<Readonly<Record<string, Point>>>({});
  const [offsets, setOffsets] = useState<Readonly<Record<string, number>>>({});
  const [reloads, setReloads] = useState<Readonly<Record<string, number>>>({});
  const [noteFor, setNoteFor] = useState<{ pane: PaneSource; spot: NoteSpot; where: string }>();
  const [helpOpen, setHelpOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // Only what the viewer itself needs from the transport, so playing re-renders the transport alone.
  const leaderKey = useSyncExternalStore(sync.subscribe, () => sync.getState().leaderKey);
  const leaderDuration = useSyncExternalStore(sync.subscribe, () => sync.getState().leaderDuration);

  const panes = inOrder(props.panes, order);
  const orderKey = panes.map((pane) => pane.key).join('\n');
  const descriptions = usePaneDescriptions(
    panes.map((pane) => ({ key: pane.key, sha256: pane.missing ? undefined : pane.sha256, reload: reloads[pane.key] ?? 0 })),
    session === undefined ? undefined : (session?.token ?? null),
  );
  const stateOf = (pane: PaneSource): DescriptionState => descriptions.get(pane.key) ?? { status: 'loading' };
  const descriptionOf = (pane: PaneSource) => {
    const state = stateOf(pane);
    return state.status === 'ready' ? state.description : undefined;
  };
  const mediaOf = (pane: PaneSource) => {
    const description = descriptionOf(pane);
    return description ? paneMediaOf(description, pane.item?.kind) : undefined;
  };
  const clockOf = (pane: PaneSource) => ({ fps: frameRateOf(descriptionOf(pane)?.video), offsetFrames: offsets[pane.key] ?? 0 });
  const active = panes.find((pane) => pane.key === activeKey) ?? panes[0];
  const arranged = arrangement(layout, panes.length);
  const videoPanes = panes.filter((pane) => mediaOf(pane)?.type === 'video');
  const leader = panes.find((pane) => pane.key === leaderKey);

  useEffect(() => {
    sync.setOrder(orderKey.split('\n'));
  }, [orderKey, sync]);
  useEffect(() => () => sync.dispose(), [sync]);
  // Keys work at once: the viewer takes the focus when it opens.
  useEffect(() => root.current?.focus({ preventScroll: true }), []);

  const changeView = useCallback((update: ViewUpdate, media: Parameters<ViewUpdate>[1], viewport: Parameters<ViewUpdate>[2]) => {
    setView((current) => update(current, media, viewport));
  }, []);

  const actions = usePaneActions({ pane: active, media: active && mediaOf(active), session, elements, sync });

  function openNote() {
    if (!active || actions.noteRefusal !== undefined) return;
    const number = panes.indexOf(active) + 1;
    const media = mediaOf(active);
    sync.pause();
    if (media?.type === 'video') {
      const at = sync.paneTime(active.key) ?? 0;
      const frame = sync.paneFrame(active.key) ?? frameAt(at, clockOf(active).fps);
      const where = t('compare.notes.whereVideo', { number, file: active.fileName, clock: formatClock(at), frame });
      // A decoded pane's note keeps its frame's index too, so it opens on the same picture everywhere.
      const exact = sync.exactFrame(active.key);
      setNoteFor({ pane: active, spot: exact === undefined ? { atSeconds: at } : { atSeconds: at, frame: exact }, where });
    } else if (media?.type === 'image') {
      const spot = marks[active.key] ?? view.center;
      const where = t('compare.notes.whereImage', { number, file: active.fileName, x: Math.round(spot.x * 100), y: Math.round(spot.y * 100) });
      setNoteFor({ pane: active, spot: { x: spot.x, y: spot.y }, where });
    } else {
      setNoteFor({ pane: active, spot: {}, where: t('compare.notes.whereItem', { number, file: active.fileName }) });
    }
  }

  async function saveNote(text: string): Promise<string | undefined> {
    const target = noteFor?.pane;
    if (!session || !target?.dispute || !target.item || !noteFor) return t('compare.notes.signedOut');
    const args = noteArgs(target.dispute.id, target.item.id, noteFor.spot, text, crypto.randomUUID());
    const result = await enqueueMutation(db, session, 'evidence.note', args, new Date().toISOString());
    if (!result.ok) return result.message;
    void syncNow();
    return undefined;
  }

  function jumpTo(pane: PaneSource, note: EvidenceNote) {
    setActiveKey(pane.key);
    if (note.frame !== undefined && sync.showPaneFrame(pane.key, note.frame)) return;
    if (note.atSeconds !== undefined && leader && mediaOf(pane)?.type === 'video') {
      sync.pause();
      sync.seek(leaderTimeShowing(note.atSeconds, clockOf(pane), clockOf(leader)));
    } else if (note.x !== undefined && note.y !== undefined) {
      setView((current) => centeredOn(current, { x: note.x!, y: note.y! }));
      setMarks((current) => ({ ...current, [pane.key]: { x: note.x!, y: note.y! } }));
    }
  }

  function changeOffset(key: string, frames: number) {
    setOffsets((current) => ({ ...current, [key]: frames }));
    sync.setOffset(key, frames);
  }

  function run(command: ViewerCommand) {
    switch (command.name) {
      case 'togglePlay':
        return sync.toggle();
      case 'step':
        return sync.step(command.frames);
      case 'slower':
      case 'faster':
        return sync.setRate(nextSpeed(sync.getState().rate, command.name === 'faster' ? 1 : -1));
      case 'layout':
        return setLayout(command.layout);
      case 'zoomIn':
      case 'zoomOut':
        return setView((current) => zoomBy(current, command.name === 'zoomIn' ? 1.25 : 1 / 1.25));
      case 'fit':
        return setView(fitView);
      case 'loupe':
        return setLoupeOn((on) => !on);
      case 'note':
        return openNote();
      case 'snapshot':
        return void actions.snapshot();
      case 'swap':
        return setOrder(rotatePanes(panes.map((pane) => pane.key)));
      case 'help':
        return setHelpOpen(true);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    if (event.defaultPrevented || target.closest(typingTargets)) return;
    if (event.key.startsWith('Arrow') && target.closest(arrowTargets)) return;
    const command = commandOfKey(event);
    if (!command) return;
    // Space plays and pauses wherever the focus is in the viewer, as in any player; stopping the
    // key's default also stops it pressing the focused button (a step button, say) on key up.
    event.preventDefault();
    run(command);
  }

  const activeNumber = active ? panes.indexOf(active) + 1 : 0;
  const markers = timelineMarkers(
    videoPanes.map((pane) => ({ key: pane.key, clock: clockOf(pane), notes: notesOf(pane.dispute, pane.item?.id) })),
    leader ? clockOf(leader) : { fps: 30, offsetFrames: 0 },
    leaderDuration,
  );
  const gridAreas = arranged.areas.map((row) => `"${row}"`).join(' ');

  return (
    <ViewerContext.Provider value={{ sync, elements, view, changeView, loupeOn, loupeAt, setLoupeAt }}>
      <Stack ref={root} role="region" aria-label={t('compare.viewer.label')} tabIndex={0} onKeyDown={onKeyDown} gap="sm" className={classes.viewer}>
        <ViewerToolbar
          layout={layout}
          onLayout={setLayout}
          overlayOpacity={overlayOpacity}
          onOverlayOpacity={setOverlayOpacity}
          onFit={() => setView(fitView)}
          onActualPixels={() => setView(actualPixels)}
          onZoom={(by) => setView((current) => zoomBy(current, by))}
          loupeOn={loupeOn}
          onLoupe={() => setLoupeOn((on) => !on)}
          canSwap={panes.length > 1}
          onSwap={() => setOrder(rotatePanes(panes.map((pane) => pane.key)))}
          activeLabel={active ? t('compare.activePane', { number: activeNumber, file: active.fileName }) : ''}
          note={{ onClick: openNote, refusal: actions.noteRefusal }}
          snapshot={{ onClick: () => void actions.snapshot(), refusal: actions.snapshotRefusal, busy: actions.status.kind === 'saving' }}
          onHelp={() => setHelpOpen(true)}
          detailsOpen={detailsOpen}
          onDetails={() => setDetailsOpen((open) => !open)}
        />
        {actions.status.kind !== 'idle' && (
          <Alert
            color={actions.status.kind === 'failed' ? 'red' : actions.status.kind === 'saved' ? 'teal' : 'blue'}
            role={actions.status.kind === 'failed' ? 'alert' : 'status'}
            withCloseButton={actions.status.kind !== 'saving'}
            closeButtonLabel={t('compare.snapshot.dismiss')}
            onClose={actions.dismiss}
          >
            {actions.status.kind === 'failed' ? actions.status.message : t(`compare.snapshot.${actions.status.kind}`, { file: actions.status.file })}
          </Alert>
        )}
        {videoPanes.length > 0 && <Transport markers={markers} />}
        <Group align="stretch" gap={12} wrap="nowrap">
          <div style={{ flex: 1, minWidth: 0, display: 'grid', gridTemplateAreas: gridAreas, gridTemplateRows: arranged.rows.join(' '), gridTemplateColumns: arranged.columns, gap: 12 }}>
            {arranged.layout === 'difference' && panes.length >= 2 && <DifferenceView firstKey={panes[0]!.key} secondKey={panes[1]!.key} area="difference" />}
            {panes.map((pane, index) => {
              const media = mediaOf(pane);
              const notes = notesOf(pane.dispute, pane.item?.id);
              const layered = arranged.layered && index < 2;
              const clock = clockOf(pane);
              return (
                <Fragment key={pane.key}>
                  <MediaPane
                    index={index}
                    source={pane}
                    state={stateOf(pane)}
                    onReload={() => setReloads((current) => ({ ...current, [pane.key]: (current[pane.key] ?? 0) + 1 }))}
                    area={arranged.paneArea(index)}
                    layer={layered ? (index === 1 ? 'top' : 'base') : undefined}
                    clipLeft={arranged.layout === 'swipe' && index === 1 ? swipe : undefined}
                    opacity={arranged.layout === 'overlay' && index === 1 ? overlayOpacity : undefined}
                    active={pane === active}
                    onActivate={() => setActiveKey(pane.key)}
                    mark={marks[pane.key]}
                    onMark={(at) => setMarks((current) => ({ ...current, [pane.key]: at }))}
                    pins={notes.flatMap((note, position) =>
                      media?.type === 'image' && note.x !== undefined && note.y !== undefined ? [{ id: note.id, number: position + 1, x: note.x, y: note.y, text: note.text }] : [],
                    )}
                    onPin={(noteId) => {
                      const note = notes.find((candidate) => candidate.id === noteId);
                      if (note) jumpTo(pane, note);
                    }}
                    fps={clock.fps}
                  />
                </Fragment>
              );
            })}
            {arranged.layout === 'swipe' && <SwipeDivider area="stage" value={swipe} onChange={setSwipe} />}
          </div>
          {detailsOpen && (
            <Stack
              component="aside"
              aria-label={t('compare.details.label')}
              gap="sm"
              w={300}
              style={{ flexShrink: 0, overflowY: 'auto', maxHeight: 'calc(100vh - 240px)', minHeight: 240 }}
            >
              {panes.map((pane, index) => {
                const media = mediaOf(pane);
                const notes = notesOf(pane.dispute, pane.item?.id);
                const clock = clockOf(pane);
                const leaderMedia = leader && mediaOf(leader);
                // Suggest offset lines a video up with the leading video (decision 0026).
                const suggest =
                  media?.type === 'video' && leader && leader !== pane && leaderMedia?.type === 'video'
                    ? {
                        url: media.url,
                        anchor: { number: panes.indexOf(leader) + 1, fileName: leader.fileName, url: leaderMedia.url, offsetFrames: offsets[leader.key] ?? 0 },
                      }
                    : undefined;
                return (
                  <PaneInfo
                    key={pane.key}
                    index={index}
                    source={pane}
                    description={descriptionOf(pane)}
                    active={pane === active}
                    leads={pane.key === leaderKey && videoPanes.length > 1}
                    offset={media?.type === 'video' ? { fps: clock.fps, frames: clock.offsetFrames, onChange: (frames) => changeOffset(pane.key, frames) } : undefined}
                    suggest={suggest}
                    notes={notes}
                    onJump={(note) => jumpTo(pane, note)}
                  />
                );
              })}
            </Stack>
          )}
        </Group>
        <NoteDialog opened={noteFor !== undefined} where={noteFor?.where ?? ''} onClose={() => setNoteFor(undefined)} onSave={saveNote} />
        <ShortcutSheet opened={helpOpen} onClose={() => setHelpOpen(false)} title={t('compare.shortcuts.title')} shortcuts={viewerShortcuts} />
      </Stack>
    </ViewerContext.Provider>
  );
}
