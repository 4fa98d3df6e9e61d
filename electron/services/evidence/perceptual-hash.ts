import { spawn } from 'node:child_process';
import sharp from 'sharp';
import { createLogger } from '../../../shared/logger';
import { untrustedInput } from '../media-tools';

const log = createLogger('perceptual-hash');

/** The side of the square the picture is reduced to before the DCT (the published pHash uses 32). */
const side = 32;
/** The side of the low-frequency corner of the DCT that becomes the 64 bits. */
const kept = 8;

/**
 * Matches image-analysis's decode limit: a picture that claims more is refused from its header,
 * before any pixel is decoded, so a decompression bomb costs nothing to hash.
 */
const maxHashedPixels = 100_000_000;

/** Where in a video the frames are sampled: away from the ends, where fades and black frames sit. */
const videoSampleFractions = [0.1, 0.3, 0.5, 0.7, 0.9];

/** A seek in a long high-resolution video decodes from the previous keyframe, which can take seconds. */
const frameTimeoutMs = 20_000;

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

/**
 * The DCT pHash of a picture file or its bytes (see `perceptualHashOfGray32`), upright as its EXIF
 * orientation says and with transparency flattened onto white. Rejects when the picture cannot be
 * decoded or claims more than 100 megapixels.
 */
export async function imagePerceptualHash(input: string | Buffer): Promise<string> {
  // 'truncated' as in image-analysis: a picture the desk can show should also get a hash.
  const { data, info } = await sharp(input, { limitInputPixels: maxHashedPixels, failOn: 'truncated', autoOrient: true })
    .flatten({ background: '#ffffff' })
    .grayscale()
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || data.length !== side * side) {
    throw new Error(`sharp returned ${info.width}×${info.height}×${info.channels} instead of ${side}×${side} gray`);
  }
  return perceptualHashOfGray32(data);
}

/** Options for `videoPerceptualHashes`; the defaults suit the desk. */
export interface VideoHashOptions {
  /** The ffmpeg executable (see `mediaTools`). */
  ffmpegPath: string;
  /** How long one frame's extraction may take before ffmpeg is killed. */
  timeoutMs?: number;
}

/**
 * The pHashes of frames at 10 %, 30 %, 50 %, 70 % and 90 % of a video's duration, in that order.
 * A frame that cannot be extracted (ffmpeg missing, timed out, corrupt file) is left out, so the
 * result may be shorter than five, or empty. Never rejects.
 */
export async function videoPerceptualHashes(file: string, durationSeconds: number, options: VideoHashOptions): Promise<string[]> {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return [];
  const hashes: string[] = [];
  const problems: string[] = [];
  // One ffmpeg at a time: analysis runs in the background, beside a reviewer playing videos.
  for (const fraction of videoSampleFractions) {
    const frame = await extractGray32Frame(file, fraction * durationSeconds, options);
    if (frame instanceof Uint8Array) hashes.push(perceptualHashOfGray32(frame));
    else if (frame.problem === missingFfmpeg) {
      log.warn('ffmpeg was not found, so video frames are not hashed', { ffmpeg: options.ffmpegPath });
      return [];
    } else problems.push(frame.problem);
  }
  if (problems.length > 0) {
    log.warn('some video frames could not be extracted', { file, missing: problems.length, of: videoSampleFractions.length, problem: problems.at(-1) });
  }
  return hashes;
}

const missingFfmpeg = 'ffmpeg not found';

function extractGray32Frame(file: string, seconds: number, options: VideoHashOptions): Promise<Uint8Array | { problem: string }> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'error',
    '-ss', seconds.toFixed(3),
    // Only local files: a playlist inside the evidence must not make ffmpeg fetch URLs.
    ...untrustedInput(file),
    '-frames:v', '1',
    // Area averaging, like sharp's reduction for pictures: the default bicubic samples a 1080p
    // frame sparsely at 32 × 32, so the same video at another resolution would hash differently.
    '-vf', `scale=${side}:${side}:flags=area,format=gray`,
    '-f', 'rawvideo',
    'pipe:1',
  ];
  return new Promise((resolve) => {
    const child = spawn(options.ffmpegPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? frameTimeoutMs,
      killSignal: 'SIGKILL',
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let received = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      // One frame is all that is wanted; anything beyond it is kept out of memory.
      if (received < side * side) chunks.push(chunk);
      received += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-500);
    });
    // A failed spawn emits 'error' and then 'close': only the first one speaks.
    let settled = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      settled = true;
      resolve({ problem: error.code === 'ENOENT' ? missingFfmpeg : `ffmpeg could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      const frame = Buffer.concat(chunks);
      if (code === 0 && frame.length >= side * side) resolve(new Uint8Array(frame.buffer, frame.byteOffset, side * side));
      else if (signal !== null) resolve({ problem: `ffmpeg was stopped (${signal}) at ${seconds.toFixed(3)} s` });
      else resolve({ problem: `no frame at ${seconds.toFixed(3)} s (exit ${code}): ${stderr.trim() || 'no output'}` });
    });
  });
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
