import { useEffect, useRef } from 'react';
import { fractionToPoint, scaleOf, type Point, type Size } from './view-transform';
import { useViewer } from './viewer-context';

/** The loupe's diameter on screen, CSS pixels. */
const diameter = 180;
/** How much closer the loupe looks than the pane around it. */
const magnification = 3;

/**
 * A round magnifier over pane `paneKey` at picture point `at`, drawn from the pane's own element.
 * Every pane draws one at the same picture point, so the loupe shows the same detail in each;
 * a video's loupe is redrawn for every frame the transport shows.
 */
export function Loupe(props: { paneKey: string; at: Point; media: Size; viewport: Size }) {
  const { sync, elements, view } = useViewer();
  const canvas = useRef<HTMLCanvasElement>(null);
  const { paneKey, at, media, viewport } = props;
  const scale = scaleOf(view, media, viewport);
  const spot = fractionToPoint(view, media, viewport, at);

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    const draw = () => {
      const source = elements.get(paneKey);
      const context = target.getContext('2d');
      if (!source || !context) return;
      const ratio = window.devicePixelRatio || 1;
      const pixels = Math.round(diameter * ratio);
      if (target.width !== pixels) target.width = pixels;
      if (target.height !== pixels) target.height = pixels;
      const loupeScale = Math.max(scale * magnification, 1.5);
      const side = diameter / loupeScale;
      context.fillStyle = '#111';
      context.fillRect(0, 0, pixels, pixels);
      // Past a few screen pixels per picture pixel, smoothing would hide the very pixels being checked.
      context.imageSmoothingEnabled = loupeScale < 4;
      context.drawImage(source.element, at.x * source.size.width - side / 2, at.y * source.size.height - side / 2, side, side, 0, 0, pixels, pixels);
    };
    draw();
    return sync.onFrame(draw);
  }, [at, elements, paneKey, scale, sync]);

  return (
    <canvas
      ref={canvas}
      aria-hidden
      style={{
        position: 'absolute',
        left: spot.x - diameter / 2,
        top: spot.y - diameter / 2,
        width: diameter,
        height: diameter,
        borderRadius: '50%',
        border: '2px solid var(--mantine-color-yellow-4)',
        boxShadow: '0 2px 12px rgba(0, 0, 0, 0.5)',
        pointerEvents: 'none',
        zIndex: 3,
      }}
    />
  );
}
