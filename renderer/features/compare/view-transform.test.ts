import { describe, expect, it } from 'vitest';
import { actualPixels, centeredOn, fitScale, fitView, fractionToPoint, panBy, placeMedia, pointToFraction, scaleOf, zoomAt, zoomBy } from './view-transform';

const viewport = { width: 800, height: 600 };
const photo = { width: 4000, height: 3000 };
const small = { width: 400, height: 200 };

describe('the shared view', () => {
  it('fits each picture whole and centred in its pane', () => {
    expect(fitScale(photo, viewport)).toBeCloseTo(0.2, 10);
    expect(placeMedia(fitView, photo, viewport)).toEqual({ scale: 0.2, x: 0, y: 0 });
    // A wide picture is fitted by its width and centred vertically.
    const placed = placeMedia(fitView, small, viewport);
    expect(placed.scale).toBe(2);
    expect(placed.y).toBe(100);
  });

  it('zooms at the cursor: the picture point under it stays under it', () => {
    const at = { x: 200, y: 150 };
    const before = pointToFraction(fitView, photo, viewport, at);
    const zoomed = zoomAt(fitView, 3, at, photo, viewport);
    expect(zoomed.factor).toBeCloseTo(3, 10);
    const after = pointToFraction(zoomed, photo, viewport, at);
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
  });

  it('shows the same relative spot in panes of different sizes', () => {
    const zoomed = zoomAt(fitView, 4, { x: 600, y: 450 }, photo, viewport);
    const centreOfBig = pointToFraction(zoomed, photo, viewport, { x: 400, y: 300 });
    const centreOfSmall = pointToFraction(zoomed, small, viewport, { x: 400, y: 300 });
    expect(centreOfSmall.x).toBeCloseTo(centreOfBig.x, 10);
    expect(centreOfSmall.y).toBeCloseTo(centreOfBig.y, 10);
    // Each pane zooms relative to its own fit.
    expect(scaleOf(zoomed, photo, viewport) / fitScale(photo, viewport)).toBeCloseTo(4, 10);
    expect(scaleOf(zoomed, small, viewport) / fitScale(small, viewport)).toBeCloseTo(4, 10);
  });

  it('shows actual pixels in every pane, whatever its size, around the same spot', () => {
    const spot = centeredOn(fitView, { x: 0.25, y: 0.75 });
    const actual = actualPixels(spot);
    expect(scaleOf(actual, photo, viewport)).toBe(1);
    expect(scaleOf(actual, small, viewport)).toBe(1);
    const big = fractionToPoint(actual, photo, viewport, { x: 0.25, y: 0.75 });
    const little = fractionToPoint(actual, small, viewport, { x: 0.25, y: 0.75 });
    expect(big).toEqual({ x: 400, y: 300 });
    expect(little).toEqual({ x: 400, y: 300 });
  });

  it('pans by a drag, in picture fractions, and never off the picture', () => {
    const zoomed = zoomAt(fitView, 2, { x: 400, y: 300 }, photo, viewport);
    const panned = panBy(zoomed, { x: -80, y: 0 }, photo, viewport);
    // 80 screen pixels at 0.4 screen pixels per picture pixel is 200 picture pixels: 5% of the width.
    expect(panned.center.x).toBeCloseTo(0.55, 10);
    expect(panBy(zoomed, { x: -100_000, y: 100_000 }, photo, viewport).center).toEqual({ x: 1, y: 0 });
  });

  it('keeps the zoom within a tenth of the fit and 64 screen pixels a picture pixel', () => {
    expect(zoomAt(fitView, 1e-6, { x: 0, y: 0 }, photo, viewport).factor).toBeCloseTo(0.1, 10);
    expect(scaleOf(zoomAt(fitView, 1e6, { x: 0, y: 0 }, photo, viewport), photo, viewport)).toBeCloseTo(64, 10);
    expect(zoomBy(fitView, 1.25).factor).toBeCloseTo(1.25, 10);
    expect(zoomBy(actualPixels(fitView), 1e6).factor).toBe(64);
  });

  it('maps between screen points and picture fractions both ways', () => {
    const view = zoomAt(fitView, 2.5, { x: 123, y: 456 }, photo, viewport);
    const fraction = pointToFraction(view, photo, viewport, { x: 321, y: 87 });
    const back = fractionToPoint(view, photo, viewport, fraction);
    expect(back.x).toBeCloseTo(321, 8);
    expect(back.y).toBeCloseTo(87, 8);
  });
});
