import { describe, expect, it } from 'vitest';
import { arrangement, effectiveLayout, isLayout, layoutOfKey, rotatePanes } from './layouts';

describe('layouts', () => {
  it('numbers the layouts 1 to 5 for the keyboard', () => {
    expect(['1', '2', '3', '4', '5'].map(layoutOfKey)).toEqual(['side', 'stacked', 'swipe', 'overlay', 'difference']);
    expect(layoutOfKey('6')).toBeUndefined();
    expect(layoutOfKey('0')).toBeUndefined();
    expect(isLayout('overlay')).toBe(true);
    expect(isLayout('mosaic')).toBe(false);
  });

  it('puts panes in a row side by side (their cards stand in a column beside the grid)', () => {
    const grid = arrangement('side', 3);
    expect(grid.areas).toEqual(['p0 p1 p2']);
    expect(grid.layered).toBe(false);
  });

  it('stacks panes, sharing the height', () => {
    expect(arrangement('stacked', 2).areas).toEqual(['p0', 'p1']);
    expect(arrangement('stacked', 2).rows).toHaveLength(2);
  });

  it('lays the first two panes over each other for swipe and overlay, with the others beside them', () => {
    const grid = arrangement('swipe', 4);
    expect(grid.areas).toEqual(['stage stage p2 p3']);
    expect([0, 1, 2].map(grid.paneArea)).toEqual(['stage', 'stage', 'p2']);
    expect(grid.layered).toBe(true);
    expect(arrangement('overlay', 2).layered).toBe(true);
  });

  it('puts the difference above the panes, which stay visible', () => {
    const grid = arrangement('difference', 2);
    expect(grid.areas).toEqual(['difference difference', 'p0 p1']);
    expect(grid.layered).toBe(false);
  });

  it('falls back to side by side with a single pane, which has nothing to compare against', () => {
    expect(effectiveLayout('difference', 1)).toBe('side');
    expect(arrangement('swipe', 1).layout).toBe('side');
    expect(effectiveLayout('stacked', 1)).toBe('stacked');
  });

  it('swaps two panes, and turns more round by one', () => {
    expect(rotatePanes(['a', 'b'])).toEqual(['b', 'a']);
    expect(rotatePanes(['a', 'b', 'c'])).toEqual(['b', 'c', 'a']);
    expect(rotatePanes(['a'])).toEqual(['a']);
  });
});
