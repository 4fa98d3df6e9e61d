import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range';

// The union of the case service's and the media handler's range tests, on the one parser.
describe('parseByteRange', () => {
  it.each([
    ['bytes=2-5', 20, { start: 2, end: 5 }],
    ['bytes=0-0', 20, { start: 0, end: 0 }],
    ['bytes=19-19', 20, { start: 19, end: 19 }],
    ['bytes=15-', 20, { start: 15, end: 19 }],
    ['bytes=-3', 20, { start: 17, end: 19 }],
    ['bytes=-500', 20, { start: 0, end: 19 }],
    ['bytes=10-9999', 20, { start: 10, end: 19 }],
    ['bytes=0-99999999999999999999', 20, { start: 0, end: 19 }],
    ['bytes=-99999999999999999999', 20, { start: 0, end: 19 }],
    ['  bytes=2-6  ', 20, { start: 2, end: 6 }],
    ['Bytes=2-6', 20, { start: 2, end: 6 }],
    ['bytes = 2 - 6', 20, { start: 2, end: 6 }],
  ])('%j of %i bytes is %j', (header, size, range) => {
    expect(parseByteRange(header, size)).toEqual(range);
  });

  it.each([
    ['bytes=20-', 20],
    ['bytes=20-30', 20],
    ['bytes=999-', 20],
    ['bytes=99999999999999999999-', 20],
    ['bytes=5-2', 20],
    ['bytes=-0', 20],
    ['bytes=0-', 0],
    ['bytes=-5', 0],
  ])('%j of %i bytes selects nothing: unsatisfiable', (header, size) => {
    expect(parseByteRange(header, size)).toBe('unsatisfiable');
  });

  it.each([null, undefined, '', 'bytes=0-1,5-6', 'items=0-1', 'bytes=abc', 'bytes=', 'bytes=-', 'bytes=1-2-3', '0-1', 'bytes=+1-2', 'bytes=1.5-2', 'bytes=\u0000-1'])(
    '%j means the whole object',
    (header) => {
      expect(parseByteRange(header, 20)).toBeUndefined();
    },
  );
});
