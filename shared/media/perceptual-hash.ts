// The 64-bit DCT perceptual hash and its distance: pure arithmetic, so the desk's evidence checks
// (electron/services/evidence) and the viewer's alignment (in the renderer, in a worker) hash a
// picture the same way and compare hashes the same way.

/** The side of the square the picture is reduced to before the DCT (the published pHash uses 32). */
export const gray32Side = 32;
const side = gray32Side;
/** The side of the low-frequency corner of the DCT that becomes the 64 bits. */
const kept = 8;

/**
 * Rows 0..7 of the orthonormal 32-point DCT-II matrix, row-major. Only the low-frequency rows are
 * needed because only the top-left 8 × 8 coefficients become bits.
 */
const cosines = (() => {
  const table = new Float64Array(kept * side);
  for (let k = 0; k < kept; k++) {
    const scale = k === 0 ? Math.sqrt(1 / side) : Math.sqrt(2 / side);
    for (let n = 0; n < side; n++) table[k * side + n] = scale * Math.cos((Math.PI * (2 * n + 1) * k) / (2 * side));
  }
  return table;
})();

/**
 * The 64-bit DCT pHash of a 32 × 32 grayscale picture (row-major, one value per pixel), as 16
 * lowercase hex digits: bit i (most significant first) is set when the i-th coefficient of the
 * top-left 8 × 8 DCT corner, row-major, is above the median of that corner without its DC term.
 */
export function perceptualHashOfGray32(pixels: ArrayLike<number>): string {
  if (pixels.length !== side * side) throw new Error(`expected ${side * side} gray pixels, got ${pixels.length}`);
  // Separable 2-D DCT, computing only the 8 × 8 corner: down each column for the 8 lowest vertical
  // frequencies (8 × 32), then along each of those rows for the 8 lowest horizontal ones (8 × 8).
  const partial = new Float64Array(kept * side);
  for (let u = 0; u < kept; u++) {
    for (let x = 0; x < side; x++) {
      let sum = 0;
      for (let y = 0; y < side; y++) sum += cosines[u * side + y]! * pixels[y * side + x]!;
      partial[u * side + x] = sum;
    }
  }
  const corner = new Float64Array(kept * kept);
  for (let u = 0; u < kept; u++) {
    for (let v = 0; v < kept; v++) {
      let sum = 0;
      for (let x = 0; x < side; x++) sum += partial[u * side + x]! * cosines[v * side + x]!;
      // Rounding away floating-point dust makes a flat picture's AC terms exactly 0, so every blank
      // picture gets the same hash instead of bits decided by rounding error.
      corner[u * kept + v] = Math.round(sum * 1e6) / 1e6;
    }
  }
  // The DC term is the overall brightness, far larger than the rest: it would skew the median.
  const median = corner.slice(1).sort()[(kept * kept - 1) >> 1]!;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 32; i++) if (corner[i]! > median) high |= 1 << (31 - i);
  for (let i = 32; i < 64; i++) if (corner[i]! > median) low |= 1 << (63 - i);
  return hex32(high) + hex32(low);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** Counts the set bits of a 32-bit integer. */
export function popcount32(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Splits a 16-hex-digit hash into its high and low 32 bits; throws on anything else. */
export function hashHalves(hash: string): [high: number, low: number] {
  // Parsed by hand: scans compare against every stored hash, and a regex plus parseInt is 10× slower.
  if (hash.length !== 16) throw new Error(`not a 64-bit perceptual hash: ${JSON.stringify(hash)}`);
  let high = 0;
  let low = 0;
  for (let i = 0; i < 16; i++) {
    const code = hash.charCodeAt(i);
    const letter = code | 0x20;
    const digit = code >= 0x30 && code <= 0x39 ? code - 0x30 : letter >= 0x61 && letter <= 0x66 ? letter - 0x57 : -1;
    if (digit < 0) throw new Error(`not a 64-bit perceptual hash: ${JSON.stringify(hash)}`);
    if (i < 8) high = (high << 4) | digit;
    else low = (low << 4) | digit;
  }
  return [high, low];
}

/** How many of the 64 bits differ between two perceptual hashes (0 = same picture, ~32 = unrelated). */
export function hammingDistance(a: string, b: string): number {
  const [aHigh, aLow] = hashHalves(a);
  const [bHigh, bLow] = hashHalves(b);
  return popcount32(aHigh ^ bHigh) + popcount32(aLow ^ bLow);
}
