// Real media for tests, made by the tests: sharp for pictures with chosen EXIF, ffmpeg for
// videos. Nothing binary is checked in, and no byte array pretends to be a photo.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import sharp, { type WriteableMetadata } from 'sharp';
import { ffmpegBinary } from './ffmpeg';

const run = promisify(execFile);

/** A repeatable picture: soft shapes on a gradient, different for each seed. */
export function scenePixels(seed: number, width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  const cx = ((seed * 37) % 100) / 100;
  const cy = ((seed * 61) % 100) / 100;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const u = x / width;
      const v = y / height;
      const inside = (u - cx) ** 2 + (v - cy) ** 2 < 0.06 ? 1 : 0;
      const stripe = Math.floor((u + v * (seed % 3)) * (3 + (seed % 5))) % 2;
      const offset = (y * width + x) * 3;
      pixels[offset] = inside ? 230 : Math.round(255 * u);
      pixels[offset + 1] = stripe ? 200 : Math.round(255 * v);
      pixels[offset + 2] = inside ? 40 : ((seed * 53) % 256);
    }
  }
  return pixels;
}

/** Options for `writePhoto`. */
export interface PhotoOptions {
  seed: number;
  width?: number;
  height?: number;
  format?: 'jpeg' | 'png' | 'webp';
  quality?: number;
  exif?: WriteableMetadata['exif'];
  /** Raise every channel by this much: the same picture, slightly changed. */
  brighten?: number;
}

/** Writes a photo made from `scenePixels` and returns its bytes. */
export async function writePhoto(file: string, options: PhotoOptions): Promise<Buffer> {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  let image = sharp(scenePixels(options.seed, width, height), { raw: { width, height, channels: 3 } });
  if (options.brighten) image = image.linear(1, options.brighten);
  if (options.exif) image = image.withExif(options.exif);
  const format = options.format ?? 'jpeg';
  const bytes = await (format === 'png' ? image.png() : format === 'webp' ? image.webp({ quality: options.quality ?? 85 }) : image.jpeg({ quality: options.quality ?? 90 })).toBuffer();
  await writeFile(file, bytes);
  return bytes;
}

/** Writes noise: a PNG that cannot compress, `width` × `height`, for crossing size limits. */
export async function writeNoisePng(file: string, width: number, height: number): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < pixels.length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toFile(file);
}

/**
 * Writes a PNG whose header claims `width` × `height` over a tiny real image: what a
 * decompression bomb looks like to a reader that trusts the header.
 */
export async function writeBombPng(file: string, width: number, height: number): Promise<void> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
  // IHDR is the first chunk: length (4) type (4) at offset 8, then width and height, then its CRC.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  await writeFile(file, png);
}

/** Options for `writeVideo`. */
export interface VideoOptions {
  /** An ffmpeg lavfi source, such as `testsrc2` or `mandelbrot`. */
  source?: string;
  seconds?: number;
  size?: string;
  rate?: number;
  /** Extra output arguments, such as `['-b:v', '200k']` or metadata. */
  output?: string[];
}

/** Writes an H.264 MP4 from an ffmpeg test source, with the ffmpeg the app ships. */
export async function writeVideo(file: string, options: VideoOptions = {}): Promise<void> {
  const { source = 'testsrc2', seconds = 2, size = '320x240', rate = 25, output = [] } = options;
  await run(ffmpegBinary, [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `${source}=size=${size}:rate=${rate}`, '-t', String(seconds),
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', ...output, file,
  ]);
}

/** Cuts a file to its first `fraction` of bytes: a truncated download. */
export async function truncateCopy(from: string, to: string, fraction: number): Promise<void> {
  const bytes = await readFile(from);
  await writeFile(to, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}
