import { describe, expect, it } from 'vitest';
import { filmstripFrames } from './Filmstrip';

describe('the filmstrip', () => {
  it('spreads the thumbnails over the keyframes, as many as fit', () => {
    const keyframes = [0, 30, 60, 90, 120, 150, 180, 210];
    expect(filmstripFrames(keyframes, 4)).toEqual([0, 60, 120, 180]);
    expect(filmstripFrames(keyframes, 20)).toEqual(keyframes);
    expect(filmstripFrames(keyframes, 0)).toEqual([]);
    expect(filmstripFrames([], 5)).toEqual([]);
  });
});
