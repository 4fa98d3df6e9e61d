// The zoom and pan every pane shares. One transform, applied in each pane's own pixel space: the
// centre is a fraction of the picture, so two photos of different sizes show the same spot.

/** A width and a height, in pixels. */
export interface Size {
  width: number;
  height: number;
}

/** A point in pixels. */
export interface Point {
  x: number;
  y: number;
}

/**
 * The shared view. `mode: 'fit'` scales each pane relative to its own fit (factor 2 = twice the
 * fit), so panes of different sizes zoom together; `mode: 'pixels'` scales every pane by the same
 * absolute factor (1 = one picture pixel per screen pixel in every pane, "actual pixels").
 * `center` is the picture point shown at the pane's centre, as fractions of width and height.
 */
export interface ViewTransform {
  mode: 'fit' | 'pixels';
  factor: number;
  center: Point;
}

/** Where a picture is drawn in a pane: scaled by `scale` from its top left, moved to `x`, `y`. */
export interface Placement {
  scale: number;
  x: number;
  y: number;
}

/** The whole picture, centred: what Fit (and `0`) returns to. */
export const fitView: ViewTransform = { mode: 'fit', factor: 1, center: { x: 0.5, y: 0.5 } };

/** Zooming stops at a tenth of the fit and at 64 screen pixels per picture pixel. */
const minFitFactor = 0.1;
const maxPixelScale = 64;

/** The scale at which `media` just fits inside `viewport`. */
export function fitScale(media: Size, viewport: Size): number {
  if (media.width <= 0 || media.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return 1;
  return Math.min(viewport.width / media.width, viewport.height / media.height);
}

/** The screen pixels per picture pixel the transform gives `media` in `viewport`. */
export function scaleOf(view: ViewTransform, media: Size, viewport: Size): number {
  return view.mode === 'fit' ? fitScale(media, viewport) * view.factor : view.factor;
}

/** Where to draw `media` in `viewport` for the shared view. */
export function placeMedia(view: ViewTransform, media: Size, viewport: Size): Placement {
  const scale = scaleOf(view, media, viewport);
  return {
    scale,
    x: viewport.width / 2 - view.center.x * media.width * scale,
    y: viewport.height / 2 - view.center.y * media.height * scale,
  };
}

/** The picture point (fractions of its size) under screen point `point` of the pane. */
export function pointToFraction(view: ViewTransform, media: Size, viewport: Size, point: Point): Point {
  const placed = placeMedia(view, media, viewport);
  return { x: (point.x - placed.x) / (placed.scale * media.width), y: (point.y - placed.y) / (placed.scale * media.height) };
}

/** The screen point of the pane where picture point `fraction` is drawn. */
export function fractionToPoint(view: ViewTransform, media: Size, viewport: Size, fraction: Point): Point {
  const placed = placeMedia(view, media, viewport);
  return { x: placed.x + fraction.x * media.width * placed.scale, y: placed.y + fraction.y * media.height * placed.scale };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Keeps the centre on the picture, so panning can never lose it off screen. */
function clampCenter(center: Point): Point {
  return { x: clamp(center.x, 0, 1), y: clamp(center.y, 0, 1) };
}

/** `factor` kept between a tenth of the fit and the closest zoom, for this pane. */
function boundedFactor(mode: ViewTransform['mode'], factor: number, media: Size, viewport: Size): number {
  const fit = fitScale(media, viewport);
  const minScale = fit * minFitFactor;
  const maxScale = Math.max(maxPixelScale, fit);
  const scale = clamp(mode === 'fit' ? factor * fit : factor, minScale, maxScale);
  return mode === 'fit' ? scale / fit : scale;
}

/**
 * Zooms by `by` (2 = twice as close) keeping the picture point under `point` where it is, as a
 * wheel at the cursor does. Computed in the pane under the cursor; the new centre, a fraction,
 * then moves every pane to the same spot.
 */
export function zoomAt(view: ViewTransform, by: number, point: Point, media: Size, viewport: Size): ViewTransform {
  const under = pointToFraction(view, media, viewport, point);
  const factor = boundedFactor(view.mode, view.factor * by, media, viewport);
  const scale = view.mode === 'fit' ? fitScale(media, viewport) * factor : factor;
  const center = {
    x: under.x - (point.x - viewport.width / 2) / (scale * media.width),
    y: under.y - (point.y - viewport.height / 2) / (scale * media.height),
  };
  return { mode: view.mode, factor, center: clampCenter(center) };
}

/** Moves the picture by a drag of `delta` screen pixels in a pane. */
export function panBy(view: ViewTransform, delta: Point, media: Size, viewport: Size): ViewTransform {
  const scale = scaleOf(view, media, viewport);
  if (media.width <= 0 || media.height <= 0) return view;
  return {
    ...view,
    center: clampCenter({ x: view.center.x - delta.x / (scale * media.width), y: view.center.y - delta.y / (scale * media.height) }),
  };
}

/** One picture pixel per screen pixel in every pane, keeping the spot being looked at. */
export function actualPixels(view: ViewTransform): ViewTransform {
  return { mode: 'pixels', factor: 1, center: view.center };
}

/** The transform centred on `fraction`, as when a note on a photo is opened. */
export function centeredOn(view: ViewTransform, fraction: Point): ViewTransform {
  return { ...view, center: clampCenter(fraction) };
}

/**
 * Zooms by `by` about the centre without knowing any pane's size, as the + and - keys do: the
 * centre stays, and the factor keeps to broad limits (panes bound it again on the next wheel).
 */
export function zoomBy(view: ViewTransform, by: number): ViewTransform {
  const factor = view.mode === 'fit' ? clamp(view.factor * by, minFitFactor, 400) : clamp(view.factor * by, 0.01, maxPixelScale);
  return { ...view, factor };
}
