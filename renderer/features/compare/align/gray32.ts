// A decoded frame as the 32 × 32 gray square the perceptual hash takes, computed the way the
// desk's evidence checks compute it: ffmpeg's `scale=32:32:flags=area,format=gray`, an area
// average of the whole picture stretched to a square, of its luma (Y').
//
// The usual way is the frame's own luma plane, area-averaged here: the same arithmetic as ffmpeg's
// up to rounding, and two to three times as fast as drawing (decision 0026 has the numbers), since
// the canvas converts every pixel to RGB and builds mipmaps only for the colour to be thrown away.
// Frames without an 8-bit luma plane (RGB, high bit depth, a GPU-held frame whose format the
// browser does not say) and rotated ones are drawn into a 32 × 32 canvas instead, with high-quality
// smoothing (Chromium downscales through mipmaps, close to an area average; bilinear would sample a
// 1080p frame sparsely), and Y' is got back from RGB with the weights of the matrix the video was
// coded with. Neither is bit-identical to ffmpeg's, but the hash only compares DCT terms with their
// median, so a brightness scale or shift (limited against full range) changes nothing; the
// end-to-end test measures how many bits each path differs from the desk's hash on the same frames.
import { gray32Side } from '../../../../shared/media/perceptual-hash';

const side = gray32Side;

/** Pixel formats whose first plane is 8-bit luma, one byte a pixel (WebCodecs' names). */
export const lumaPlaneFormats: ReadonlySet<string> = new Set(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);

/** Luma weights (R, G, B) of the matrices a video declares; BT.601 when it declares none. */
const lumaWeights: Readonly<Record<string, readonly [number, number, number]>> = {
  bt709: [0.2126, 0.7152, 0.0722],
  'bt2020-ncl': [0.2627, 0.678, 0.0593],
  bt470bg: [0.299, 0.587, 0.114],
  smpte170m: [0.299, 0.587, 0.114],
};

/** The luma weights for a frame coded with `matrix` (a VideoColorSpace matrix, or null). */
export function lumaWeightsOf(matrix: string | null | undefined): readonly [number, number, number] {
  return (matrix && lumaWeights[matrix]) || lumaWeights.smpte170m!;
}

/** The gray value of each pixel of a 32 × 32 RGBA picture (alpha ignored: video has none). */
export function grayOfRgba(rgba: ArrayLike<number>, weights: readonly [number, number, number]): Float64Array {
  const count = side * side;
  if (rgba.length !== count * 4) throw new Error(`expected ${count} RGBA pixels, got ${rgba.length / 4}`);
  const [r, g, b] = weights;
  const gray = new Float64Array(count);
  for (let at = 0; at < count; at += 1) gray[at] = r * rgba[at * 4]! + g * rgba[at * 4 + 1]! + b * rgba[at * 4 + 2]!;
  return gray;
}

/** One source line's share in the output lines it overlaps: output line, source line, weight. */
type Share = { to: number; from: number; weight: number };

/** How `length` source lines fall into 32 output lines, each output line `length / 32` wide. */
function areaShares(length: number): Share[] {
  const width = length / side;
  const shares: Share[] = [];
  for (let to = 0; to < side; to += 1) {
    const start = to * width;
    const end = start + width;
    for (let from = Math.floor(start); from < Math.min(length, Math.ceil(end)); from += 1) {
      const weight = Math.min(end, from + 1) - Math.max(start, from);
      if (weight > 1e-12) shares.push({ to, from, weight });
    }
  }
  return shares;
}

/** Where a luma plane sits in a buffer (as `VideoFrame.copyTo` lays it out). */
export interface LumaPlane {
  data: Uint8Array;
  offset: number;
  stride: number;
  width: number;
  height: number;
}

/**
 * The 32 × 32 area average of a luma plane: each output pixel the mean of the part of the picture
 * it covers, edge pixels counted by the fraction that falls inside, as ffmpeg's `flags=area` does.
 * Done by rows then columns, so a 1080p frame costs one pass over its pixels.
 */
export function areaGray32(plane: LumaPlane): Float64Array {
  const { data, offset, stride, width, height } = plane;
  const shares = areaShares(width);
  // Typed arrays for the inner loop, which runs once per pixel.
  const acrossTo = Int32Array.from(shares, (share) => share.to);
  const acrossFrom = Int32Array.from(shares, (share) => share.from);
  const acrossWeight = Float64Array.from(shares, (share) => share.weight);
  const down = areaShares(height);
  const out = new Float64Array(side * side);
  const row = new Float64Array(side);
  let share = 0;
  for (let y = 0; y < height; y += 1) {
    row.fill(0);
    const start = offset + y * stride;
    for (let at = 0; at < acrossTo.length; at += 1) row[acrossTo[at]!]! += acrossWeight[at]! * data[start + acrossFrom[at]!]!;
    // Down's shares are in source-line order, so each source line's come together.
    while (share < down.length && down[share]!.from < y) share += 1;
    for (let at = share; at < down.length && down[at]!.from === y; at += 1) {
      const { to, weight } = down[at]!;
      for (let x = 0; x < side; x += 1) out[to * side + x]! += weight * row[x]!;
    }
  }
  const area = (width / side) * (height / side);
  for (let at = 0; at < out.length; at += 1) out[at]! /= area;
  return out;
}
