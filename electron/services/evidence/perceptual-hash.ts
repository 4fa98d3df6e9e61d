import { spawn } from 'node:child_process';
import { createLogger } from '../../../shared/logger';
import { untrustedInput, type MediaInput } from '../media-tools';
import { sharpLibrary } from './libraries';
import { gray32Side, perceptualHashOfGray32 } from '../../../shared/media/perceptual-hash';

const log = createLogger('perceptual-hash');
/** The side of the gray square a picture or frame is hashed from. */
const side = gray32Side;

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
 * The DCT pHash of a picture file or its bytes (see `perceptualHashOfGray32`), upright as its EXIF
 * orientation says and with transparency flattened onto white. Rejects when the picture cannot be
 * decoded or claims more than 100 megapixels.
 */
export async function imagePerceptualHash(input: string | Buffer): Promise<string> {
  const sharp = await sharpLibrary();
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
export async function videoPerceptualHashes(file: MediaInput, durationSeconds: number, options: VideoHashOptions): Promise<string[]> {
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

function extractGray32Frame(file: MediaInput, seconds: number, options: VideoHashOptions): Promise<Uint8Array | { problem: string }> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'error',
    '-ss', seconds.toFixed(3),
    // Only the one input: a playlist inside the evidence must not make ffmpeg fetch URLs.
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
