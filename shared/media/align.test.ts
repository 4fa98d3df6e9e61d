import { describe, expect, it } from 'vitest';
import { alignedDistances, confidenceOf, suggestOffset } from './align';
import { hammingDistance } from './perceptual-hash';

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomHash(next: () => number): string {
  let hex = '';
  for (let i = 0; i < 16; i += 1) hex += Math.floor(next() * 16).toString(16);
  return hex;
}

/** A video's frames: a scene that changes a few bits a frame, as real footage does. */
function footage(frames: number, seed: number): string[] {
  const next = random(seed);
  const out = [randomHash(next)];
  for (let i = 1; i < frames; i += 1) out.push(flipBits(out[i - 1]!, 3 + Math.floor(next() * 4), next));
  return out;
}

/** `hash` with `count` random bits flipped: a re-encoded frame. */
function flipBits(hash: string, count: number, next: () => number): string {
  const bits = hash.split('').flatMap((digit) => parseInt(digit, 16).toString(2).padStart(4, '0').split(''));
  for (let i = 0; i < count; i += 1) {
    const at = Math.floor(next() * 64);
    bits[at] = bits[at] === '1' ? '0' : '1';
  }
  let hex = '';
  for (let i = 0; i < 64; i += 4) hex += parseInt(bits.slice(i, i + 4).join(''), 2).toString(16);
  return hex;
}

describe('suggesting the offset between two videos', () => {
  it('finds a trimmed, re-encoded copy 37 frames into the original, with high confidence', () => {
    const original = footage(300, 1);
    const next = random(2);
    const copy = original.slice(37, 237).map((hash) => flipBits(hash, Math.floor(next() * 4), next));
    const suggestion = suggestOffset(original, copy);
    expect(suggestion).toMatchObject({ offsetFrames: 37, overlap: 200, confidence: 'high' });
    if ('problem' in suggestion) throw new Error('no suggestion');
    expect(suggestion.meanDistance).toBeLessThan(3);
    expect(suggestion.margin).toBeGreaterThan(6);
  });

  it('finds a copy that starts earlier than the original (a negative offset)', () => {
    const original = footage(200, 3);
    const copy = [...footage(25, 4), ...original];
    expect(suggestOffset(original, copy)).toMatchObject({ offsetFrames: -25, confidence: 'high' });
  });

  it('says low for two unrelated videos and for a still picture, where any offset fits as well', () => {
    expect(suggestOffset(footage(200, 5), footage(200, 6))).toMatchObject({ confidence: 'low' });
    const still = Array.from({ length: 120 }, () => 'f0f0f0f00f0f0f0f');
    const stillCopy = Array.from({ length: 90 }, () => 'f0f0f0f00f0f0f0f');
    expect(suggestOffset(still, stillCopy)).toMatchObject({ offsetFrames: 0, meanDistance: 0, margin: 0, confidence: 'low' });
  });

  it('keeps within the reach asked for', () => {
    const original = footage(300, 7);
    const copy = original.slice(120, 280);
    expect(suggestOffset(original, copy)).toMatchObject({ offsetFrames: 120 });
    const near = suggestOffset(original, copy, { maxOffset: 50 });
    expect('offsetFrames' in near && Math.abs(near.offsetFrames) <= 50).toBe(true);
    expect(near).toMatchObject({ confidence: 'low' });
  });

  it('refuses too few frames, and an overlap no offset reaches', () => {
    expect(suggestOffset(footage(5, 8), footage(40, 9))).toEqual({ problem: 'too_few_frames', minimum: 8 });
    expect(suggestOffset(footage(40, 8), footage(40, 9), { maxOffset: 0, minOverlap: 41 })).toEqual({ problem: 'too_few_frames', minimum: 41 });
    expect(suggestOffset(footage(40, 8), footage(40, 9), { maxOffset: 100, minOverlap: 40 })).toMatchObject({ offsetFrames: 0, overlap: 40 });
    expect(() => suggestOffset(['not a hash'], ['not a hash'], { minOverlap: 1 })).toThrow(/not a 64-bit perceptual hash/);
  });

  it('words confidence from the distance and the margin', () => {
    // Slowly changing footage: a tiny best with rivals a bit and a half behind is clear.
    expect([confidenceOf(0.3, 1.5), confidenceOf(2, 20), confidenceOf(6, 4), confidenceOf(12, 4), confidenceOf(12, 0.2), confidenceOf(20, 20)]).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
  });
});

describe('the difference track', () => {
  it('is low along a re-encoded copy and spikes where frames were edited', () => {
    const original = footage(100, 10);
    const next = random(11);
    const copy = original.slice(10, 90).map((hash, j) => (j >= 40 && j < 45 ? flipBits(hash, 24, next) : hash));
    const track = alignedDistances(original, copy, 10);
    expect(track).toHaveLength(80);
    expect(track.slice(0, 40).every((distance) => distance === 0)).toBe(true);
    expect(Math.min(...(track.slice(40, 45) as number[]))).toBeGreaterThan(10);
    expect(track[40]).toBe(hammingDistance(original[50]!, copy[40]!));
  });

  it('has no value where the first video has no frame to match', () => {
    const original = footage(20, 12);
    const track = alignedDistances(original, original, 15);
    expect(track.slice(5)).toEqual(Array(15).fill(null));
    expect(track[4]).toBe(hammingDistance(original[19]!, original[4]!));
    expect(track.slice(0, 5).every((distance) => typeof distance === 'number')).toBe(true);
  });
});
