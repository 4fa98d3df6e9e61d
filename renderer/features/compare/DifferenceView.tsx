import { Alert, Box, Center, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { DifferenceDrawer, differenceSize, type DifferenceResult } from './difference';
import { placeMedia } from './view-transform';
import { useViewer } from './viewer-context';

/** While playing, the difference is recomputed at most this often; paused, after every settled frame. */
const playingEveryMs = 80;

/**
 * The per-pixel absolute difference of the first two panes, drawn into a canvas under the shared
 * zoom. Recomputed when either picture loads, after each seek or step settles, and while playing
 * on the leader's frame callbacks (throttled), so it always shows the frames the panes show.
 */
export function DifferenceView(props: { firstKey: string; secondKey: string; area: string }) {
  const { t } = useTranslation();
  const { sync, elements, view } = useViewer();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawer] = useState(() => new DifferenceDrawer());
  const [result, setResult] = useState<DifferenceResult>('not_ready');
  const { ref, width, height } = useElementSize();
  const version = useSyncExternalStore(elements.subscribe, elements.getVersion);
  const first = elements.get(props.firstKey);
  const second = elements.get(props.secondKey);
  const size = first?.size;

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    let last = 0;
    const redraw = (force: boolean) => {
      const a = elements.get(props.firstKey);
      const b = elements.get(props.secondKey);
      if (!a || !b) return setResult('not_ready');
      const now = performance.now();
      if (!force && sync.getState().playing && now - last < playingEveryMs) return;
      last = now;
      setResult(drawer.draw(target, a.element, b.element, differenceSize(a.size)));
    };
    // Drawing is an effect of the pictures having changed, not of rendering: it happens off the render.
    const frame = requestAnimationFrame(() => redraw(true));
    const unsubscribe = sync.onFrame(() => redraw(false));
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, [drawer, elements, props.firstKey, props.secondKey, sync, version]);

  const place = size ? placeMedia(view, size, { width, height }) : undefined;
  return (
    <Box ref={ref} style={{ gridArea: props.area, position: 'relative', overflow: 'hidden', background: '#000', borderRadius: 4, minHeight: 0 }}>
      <canvas
        ref={canvas}
        data-testid="difference-canvas"
        role="img"
        aria-label={t('compare.difference.label')}
        style={
          size && place
            ? {
                position: 'absolute',
                left: 0,
                top: 0,
                width: size.width,
                height: size.height,
                transformOrigin: '0 0',
                transform: `translate(${place.x}px, ${place.y}px) scale(${place.scale})`,
                imageRendering: place.scale >= 4 ? 'pixelated' : 'auto',
              }
            : { position: 'absolute', width: 1, height: 1 }
        }
      />
      <Text size="xs" c="gray.3" style={{ position: 'absolute', top: 8, left: 8 }}>
        {t('compare.difference.caption')}
      </Text>
      {(result === 'tainted' || !first || !second) && (
        <Center style={{ position: 'absolute', inset: 0, padding: 16 }}>
          {result === 'tainted' ? (
            <Alert color="red" variant="filled" maw={520}>
              {t('compare.difference.tainted')}
            </Alert>
          ) : (
            <Text size="sm" c="gray.3">
              {t('compare.difference.waiting')}
            </Text>
          )}
        </Center>
      )}
    </Box>
  );
}
