// The one HTTP Range parser, for the case service's /blobs and the desk's media handler alike:
// the same header gets the same answer from both (RFC 9110 §14.2, one byte range at a time).

/** A satisfiable byte range, both ends inclusive as in Content-Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a Range header against an object of `size` bytes: undefined to serve the whole object
 * (no header, another unit, several ranges, or unreadable syntax, which RFC 9110 says to ignore),
 * a range to serve, or 'unsatisfiable' for a single byte range that selects nothing (start past
 * the end, `b < a`, `bytes=-0`, or any range of an empty object). The unit is case-insensitive
 * and blanks around the numbers are allowed; an end past the object is clamped to its last byte.
 */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === null || header === undefined) return undefined;
  const equals = header.indexOf('=');
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== 'bytes') return undefined;
  const set = header.slice(equals + 1);
  if (set.includes(',')) return undefined;
  const match = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(set);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
