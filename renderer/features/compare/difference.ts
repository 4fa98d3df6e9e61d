import type { Size } from './view-transform';

/** The longest edge the difference is computed at: a 4K frame is halved, keeping a redraw near 10 ms. */
const maxDifferenceEdge = 1920;

/** The size the difference is computed at for a first picture of `media`: its own, scaled to fit the cap. */
export function differenceSize(media: Size, maxEdge = maxDifferenceEdge): Size {
  const longest = Math.max(media.width, media.height);
  if (longest <= 0) return { width: 0, height: 0 };
  const scale = Math.min(1, maxEdge / longest);
  return { width: Math.max(1, Math.round(media.width * scale)), height: Math.max(1, Math.round(media.height * scale)) };
}

/** Writes |a − b| for each colour channel of two RGBA buffers of the same size into `out`, opaque. */
export function absoluteDifference(a: Uint8ClampedArray, b: Uint8ClampedArray, out: Uint8ClampedArray): void {
  const length = Math.min(a.length, b.length, out.length);
  for (let i = 0; i < length; i += 4) {
    out[i] = Math.abs(a[i]! - b[i]!);
    out[i + 1] = Math.abs(a[i + 1]! - b[i + 1]!);
    out[i + 2] = Math.abs(a[i + 2]! - b[i + 2]!);
    out[i + 3] = 255;
  }
}

/** What drawing a difference gave: drawn, not ready (a picture has no pixels yet), or refused by the browser. */
export type DifferenceResult = 'drawn' | 'not_ready' | 'tainted';

/** Scratch canvases kept between redraws, so playing video does not allocate two canvases a frame. */
export class DifferenceDrawer {
  private readonly first = document.createElement('canvas');
  private readonly second = document.createElement('canvas');

  /**
   * Draws the per-pixel difference of `a` and `b` into `target`. Both are drawn at the first
   * picture's size (capped), so pictures of different sizes are compared spot for spot.
   */
  draw(target: HTMLCanvasElement, a: CanvasImageSource, b: CanvasImageSource, size: Size): DifferenceResult {
    if (size.width <= 0 || size.height <= 0) return 'not_ready';
    for (const canvas of [this.first, this.second, target]) {
      if (canvas.width !== size.width) canvas.width = size.width;
      if (canvas.height !== size.height) canvas.height = size.height;
    }
    const first = this.first.getContext('2d', { willReadFrequently: true });
    const second = this.second.getContext('2d', { willReadFrequently: true });
    const out = target.getContext('2d');
    if (!first || !second || !out) return 'not_ready';
    try {
      first.drawImage(a, 0, 0, size.width, size.height);
      second.drawImage(b, 0, 0, size.width, size.height);
      const pixelsA = first.getImageData(0, 0, size.width, size.height);
      const pixelsB = second.getImageData(0, 0, size.width, size.height);
      absoluteDifference(pixelsA.data, pixelsB.data, pixelsA.data);
      out.putImageData(pixelsA, 0, 0);
      return 'drawn';
    } catch (error) {
      // Media from another origin without CORS taints the canvas; its pixels cannot be read.
      if (error instanceof DOMException && error.name === 'SecurityError') return 'tainted';
      return 'not_ready';
    }
  }
}
