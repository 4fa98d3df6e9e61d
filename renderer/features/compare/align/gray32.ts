// A decoded frame as the 32 × 32 gray square the perceptual hash takes, computed the way the
// desk's evidence checks compute it as nearly as a browser can.
//
// The evidence checks ask ffmpeg for `scale=32:32:flags=area,format=gray`: an area average of the
// whole picture, stretched to a square, and its luma (Y'). Here the browser draws the frame into a
// 32 × 32 canvas with high-quality smoothing (Chromium downscales through mipmaps, close to an area
// average; the default bilinear would sample a 1080p frame sparsely) and gives RGB, so Y' is got
// back with the weights of the matrix the video was coded with. It cannot be bit-identical (the
// browser's YUV to RGB conversion rounds, clips and may change colour space, and its filter is not
// ffmpeg's), but the hash only compares DCT terms with their median, so a brightness scale or shift
// changes nothing; the end-to-end test measures how many bits the two differ by on the same frames.
import { gray32Side } from '../../../../shared/media/perceptual-hash';

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
  const count = gray32Side * gray32Side;
  if (rgba.length !== count * 4) throw new Error(`expected ${count} RGBA pixels, got ${rgba.length / 4}`);
  const [r, g, b] = weights;
  const gray = new Float64Array(count);
  for (let at = 0; at < count; at += 1) gray[at] = r * rgba[at * 4]! + g * rgba[at * 4 + 1]! + b * rgba[at * 4 + 2]!;
  return gray;
}
