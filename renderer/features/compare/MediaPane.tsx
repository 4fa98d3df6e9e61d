import { Badge, Box, Center, Text } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loupe } from './Loupe';
import { paneMediaOf, type PaneMedia as PaneMediaKind, type PaneSource } from './pane-sources';
import { PaneMedia, type MediaFailure } from './PaneMedia';
import { PaneMessage, type PaneProblem } from './PaneMessage';
import type { DescriptionState } from './use-pane-description';
import { fractionToPoint, panBy, placeMedia, pointToFraction, zoomAt, type Point, type Size } from './view-transform';
import { useViewer } from './viewer-context';

/** A note on a photo, drawn as a numbered pin at its spot. */
export interface NotePin {
  id: string;
  number: number;
  x: number;
  y: number;
  text: string;
}

/** Props of one pane of the viewer. */
export interface MediaPaneProps {
  index: number;
  source: PaneSource;
  state: DescriptionState;
  onReload: () => void;
  area: string;
  /** In swipe and overlay, pane 1 is drawn over pane 0. */
  layer: 'base' | 'top' | undefined;
  /** Swipe: how much of the top pane, from the left, is cut away to show the pane below (percent). */
  clipLeft: number | undefined;
  opacity: number | undefined;
  active: boolean;
  onActivate: () => void;
  /** The spot clicked on a photo, where the next note goes. */
  mark: Point | undefined;
  onMark: (at: Point) => void;
  pins: readonly NotePin[];
  onPin: (noteId: string) => void;
  fps: number;
}

/** A drag shorter than this (CSS pixels) is a click: on a photo, it marks the spot for a note. */
const clickSlop = 4;

function problemOf(props: MediaPaneProps, media: PaneMediaKind | undefined, failure: MediaFailure | undefined): PaneProblem | undefined {
  const { source, state } = props;
  if (source.missing) return { kind: source.missing };
  switch (state.status) {
    case 'loading':
    case 'downloading':
      return { kind: state.status };
    case 'failed':
      return state.reason === 'host' ? { kind: 'host', message: state.message ?? '' } : { kind: state.reason };
    case 'ready':
      break;
  }
  if (media?.type === 'problem') return { kind: media.problem };
  if (media?.type === 'too_large') return { kind: 'too_large', width: media.width, height: media.height };
  if (failure === 'unplayable') return { kind: 'unplayable', description: state.description };
  if (typeof failure === 'object') return { kind: 'decoder', error: failure.decoder, description: state.description };
  return failure === undefined ? undefined : { kind: failure };
}

/** What a pane draws, when it draws anything: the object, or a too-large photo's thumbnail. */
function drawnOf(media: PaneMediaKind | undefined): { type: 'video' | 'image'; url: string } | undefined {
  if (media?.type === 'video' || media?.type === 'image') return { type: media.type, url: media.url };
  if (media?.type === 'too_large' && media.thumbnailUrl) return { type: 'image', url: media.thumbnailUrl };
  return undefined;
}

/**
 * One pane: the evidence drawn under the shared zoom and pan, with wheel zoom at the cursor, drag
 * to pan, a click to mark a spot on a photo, the loupe, note pins, and a message in place of the
 * picture when it cannot be shown.
 */
export function MediaPane(props: MediaPaneProps) {
  const { t } = useTranslation();
  const { view, changeView, loupeOn, loupeAt, setLoupeAt } = useViewer();
  const { ref: sizeRef, width, height } = useElementSize();
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const viewportRef = useMergedRef(sizeRef, setElement);
  const [failure, setFailure] = useState<{ url: string; failure: MediaFailure }>();
  const [loaded, setLoaded] = useState<{ url: string; size: Size }>();
  const drag = useRef<{ pointer: number; x: number; y: number; travelled: number } | null>(null);
  const { index, source, state } = props;

  const description = state.status === 'ready' ? state.description : undefined;
  const media = description ? paneMediaOf(description, source.item?.kind) : undefined;
  const drawn = source.missing ? undefined : drawnOf(media);
  const currentFailure = drawn && failure?.url === drawn.url ? failure.failure : undefined;
  const problem = problemOf(props, media, currentFailure);
  const facts = description?.video ?? description?.image;
  const size: Size =
    drawn && loaded?.url === drawn.url
      ? loaded.size
      : facts?.width && facts.height && media?.type !== 'too_large'
        ? { width: facts.width, height: facts.height }
        : { width: 1600, height: 900 };
  const viewport: Size = { width, height };
  const place = placeMedia(view, size, viewport);

  // React's wheel listener is passive, so zooming (which must stop the page scrolling) listens itself.
  const { width: mediaWidth, height: mediaHeight } = size;
  useEffect(() => {
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const lines = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 : 1;
      const by = Math.exp((-event.deltaY * lines) / 600);
      const at = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      const media = { width: mediaWidth, height: mediaHeight };
      changeView((current, picture, frame) => zoomAt(current, by, at, picture, frame), media, { width: rect.width, height: rect.height });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [changeView, element, mediaHeight, mediaWidth]);

  function local(event: ReactPointerEvent): Point {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  const label = t('compare.pane.mediaLabel', { number: index + 1, file: source.fileName });
  const clip = props.clipLeft === undefined ? undefined : `inset(0 0 0 ${props.clipLeft}%)`;
  return (
    <Box
      data-testid={`viewer-pane-${index}`}
      role="group"
      aria-label={t('compare.pane.label', { number: index + 1, file: source.fileName })}
      style={{
        gridArea: props.area,
        position: 'relative',
        overflow: 'hidden',
        minHeight: 0,
        background: '#1a1b1e',
        borderRadius: 4,
        outline: props.active ? '2px solid var(--mantine-color-blue-5)' : '1px solid var(--mantine-color-dark-4)',
        outlineOffset: -2,
        clipPath: clip,
        opacity: props.opacity,
        zIndex: props.layer === 'top' ? 1 : undefined,
      }}
    >
      <div
        ref={viewportRef}
        style={{ position: 'absolute', inset: 0, cursor: drawn ? 'grab' : 'default', touchAction: 'none' }}
        onPointerDown={(event) => {
          props.onActivate();
          if (event.button !== 0 || !drawn) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          const at = local(event);
          drag.current = { pointer: event.pointerId, x: at.x, y: at.y, travelled: 0 };
        }}
        onPointerMove={(event) => {
          const at = local(event);
          if (loupeOn && drawn) setLoupeAt(pointToFraction(view, size, viewport, at));
          const current = drag.current;
          if (!current || current.pointer !== event.pointerId) return;
          const delta = { x: at.x - current.x, y: at.y - current.y };
          drag.current = { ...current, x: at.x, y: at.y, travelled: current.travelled + Math.hypot(delta.x, delta.y) };
          changeView((now, picture, frame) => panBy(now, delta, picture, frame), size, viewport);
        }}
        onPointerUp={(event) => {
          const current = drag.current;
          drag.current = null;
          if (!current || current.pointer !== event.pointerId) return;
          if (current.travelled < clickSlop && media?.type === 'image') {
            const at = pointToFraction(view, size, viewport, local(event));
            if (at.x >= 0 && at.x <= 1 && at.y >= 0 && at.y <= 1) props.onMark(at);
          }
        }}
        onPointerCancel={() => {
          drag.current = null;
        }}
        onPointerLeave={() => {
          if (loupeOn) setLoupeAt(null);
        }}
      >
        {drawn && (
          <PaneMedia
            paneKey={source.key}
            index={index}
            type={drawn.type}
            url={drawn.url}
            label={label}
            size={size}
            place={place}
            fps={props.fps}
            knownDuration={description?.video?.durationSeconds ?? 0}
            arriving={description?.arriving === true}
            file={description && media?.type === 'video' ? { sha256: description.sha256, of: media.copy ? 'playable' : 'object' } : undefined}
            onLoaded={(loadedSize) => setLoaded({ url: drawn.url, size: loadedSize })}
            onFailure={(kind) => setFailure({ url: drawn.url, failure: kind })}
          />
        )}
        {props.mark && <MarkCross at={fractionToPoint(view, size, viewport, props.mark)} />}
        {props.pins.map((pin) => {
          const at = fractionToPoint(view, size, viewport, pin);
          return (
            <button
              key={pin.id}
              type="button"
              aria-label={t('compare.notes.pin', { number: pin.number, text: pin.text })}
              title={pin.text}
              onPointerDown={(event) => event.stopPropagation()}
              onClick={() => props.onPin(pin.id)}
              style={{
                position: 'absolute',
                left: at.x - 11,
                top: at.y - 11,
                width: 22,
                height: 22,
                borderRadius: '50%',
                border: '2px solid white',
                background: 'var(--mantine-color-orange-9)',
                color: 'white',
                fontSize: 11,
                fontWeight: 700,
                cursor: 'pointer',
                zIndex: 2,
              }}
            >
              {pin.number}
            </button>
          );
        })}
        {loupeOn && loupeAt && drawn && !problem && <Loupe paneKey={source.key} at={loupeAt} media={size} viewport={viewport} />}
      </div>
      <Badge
        color="dark.9"
        variant="filled"
        radius="sm"
        tt="none"
        style={{ position: 'absolute', top: 8, [props.layer === 'top' ? 'right' : 'left']: 8, zIndex: 4, maxWidth: '70%', pointerEvents: 'none' }}
      >
        <Text span size="xs" truncate>
          {t('compare.pane.badge', { number: index + 1, file: source.fileName })}
        </Text>
      </Badge>
      {problem && (
        <Center style={{ position: 'absolute', inset: 0, padding: 16, zIndex: 5, pointerEvents: problem.kind === 'too_large' ? 'none' : undefined }}>
          <PaneMessage problem={problem} fileName={source.fileName} onCopyMade={props.onReload} />
        </Center>
      )}
    </Box>
  );
}

function MarkCross(props: { at: Point }) {
  return (
    <div
      aria-hidden
      style={{
        position: 'absolute',
        left: props.at.x - 9,
        top: props.at.y - 9,
        width: 18,
        height: 18,
        border: '2px solid var(--mantine-color-yellow-4)',
        borderRadius: '50%',
        boxShadow: '0 0 0 1px black',
        pointerEvents: 'none',
        zIndex: 2,
      }}
    />
  );
}
