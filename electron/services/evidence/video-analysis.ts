import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { Movie } from 'mp4box';
import { z } from 'zod';
import { untrustedInput, type MediaInput } from '../media-tools';
import { sourceOf, writeDerived, type AnalysisSource, type DerivedTarget } from './analysis-source';
import { mp4Library, sharpLibrary } from './libraries';

const run = promisify(execFile);

/** What the desk reads from a video's container. */
export interface VideoFacts {
  container: string;
  codec: string | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  /** The container's creation time, as the recording device or editor wrote it. */
  createdAt: string | null;
  /** The encoder or editing application the container names, if any. */
  encoder: string | null;
  /** Which tool read it: ffprobe where it can be used, mp4box (MP4/MOV only) otherwise. */
  readBy: 'ffprobe' | 'mp4box';
}

/** Thrown when a video cannot be read: the message is the reason shown to the case manager. */
export class UnreadableVideoError extends Error {}

const probeTimeoutMs = 30_000;

const probeSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
      }),
    )
    .default([]),
  format: z
    .object({
      format_name: z.string().optional(),
      duration: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

function rate(fraction: string | undefined): number | null {
  const match = /^(\d+)\/(\d+)$/.exec(fraction ?? '');
  if (!match || Number(match[2]) === 0) return null;
  const value = Number(match[1]) / Number(match[2]);
  return value > 0 ? Math.round(value * 1000) / 1000 : null;
}

/**
 * Reads a video's facts with the ffprobe at `ffprobe`. A file ffprobe cannot parse, or with no
 * video track, is unreadable.
 */
export async function probeWithFfprobe(file: MediaInput, ffprobe: string): Promise<VideoFacts> {
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...untrustedInput(file)], {
      timeout: probeTimeoutMs,
      killSignal: 'SIGKILL',
      windowsHide: true,
      maxBuffer: 8 * 1024 * 1024,
    }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1)?.replaceAll(typeof file === 'string' ? file : file.url, 'the file');
    throw new UnreadableVideoError(`The video cannot be read (${stderr || 'ffprobe failed'}); it may be truncated or corrupt.`);
  }
  const probe = probeSchema.parse(JSON.parse(stdout));
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  if (video === undefined) throw new UnreadableVideoError('The file has no video track.');
  const tags = probe.format?.tags ?? {};
  const duration = Number(probe.format?.duration);
  return {
    container: probe.format?.format_name ?? 'unknown',
    codec: video.codec_name ?? null,
    durationSeconds: Number.isFinite(duration) ? duration : null,
    width: video.width ?? null,
    height: video.height ?? null,
    frameRate: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate),
    createdAt: tags.creation_time ?? null,
    encoder: tags.encoder ?? tags.software ?? tags['com.apple.quicktime.software'] ?? null,
    readBy: 'ffprobe',
  };
}

/**
 * Reads an MP4 or MOV's facts with mp4box, for machines without ffprobe. It reads the file in
 * chunks until the movie header is parsed, so a large file is not read whole unless its header
 * is at the end.
 */
export async function probeWithMp4box(from: string | AnalysisSource): Promise<VideoFacts> {
  const source = sourceOf(from);
  const { createFile, MP4BoxBuffer } = await mp4Library();
  const movie = await new Promise<Movie>((resolve, reject) => {
    const parser = createFile();
    let settled = false;
    parser.onReady = (info) => {
      settled = true;
      resolve(info);
    };
    parser.onError = (_module, message) => {
      settled = true;
      reject(new UnreadableVideoError(`The video cannot be read (${message}).`));
    };
    void (async () => {
      let offset = 0;
      for await (const bytes of source.pieces()) {
        if (settled) break;
        const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
        parser.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, offset));
        offset += bytes.length;
      }
      parser.flush();
      if (!settled) reject(new UnreadableVideoError('The video has no readable movie header; it may be truncated.'));
    })().catch(reject);
  });
  const video = movie.videoTracks[0];
  if (video === undefined) throw new UnreadableVideoError('The file has no video track.');
  const durationSeconds = movie.timescale > 0 ? movie.duration / movie.timescale : null;
  const trackSeconds = video.timescale > 0 ? video.duration / video.timescale : 0;
  const created = movie.created instanceof Date && movie.created.getUTCFullYear() > 1970 ? movie.created.toISOString() : null;
  return {
    container: movie.brands.join(',') || 'mp4',
    codec: video.codec || null,
    durationSeconds,
    width: video.video?.width ?? video.track_width ?? null,
    height: video.video?.height ?? video.track_height ?? null,
    frameRate: trackSeconds > 0 ? Math.round((video.nb_samples / trackSeconds) * 1000) / 1000 : null,
    createdAt: created,
    encoder: null,
    readBy: 'mp4box',
  };
}

/** Writes a poster (a frame early in the video, as WebP) with the ffmpeg at `ffmpeg`; false when it fails. */
export async function writePoster(file: MediaInput, durationSeconds: number | null, target: DerivedTarget, ffmpeg: string): Promise<boolean> {
  const at = Math.min(1, (durationSeconds ?? 0) / 2);
  const png = await new Promise<Buffer | null>((resolve) => {
    const args = ['-v', 'error', '-nostdin', '-ss', String(at), ...untrustedInput(file), '-frames:v', '1', '-vf', 'scale=480:-2', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'];
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), probeTimeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 && chunks.length > 0 ? Buffer.concat(chunks) : null);
    });
  });
  if (png === null) return false;
  const sharp = await sharpLibrary();
  await writeDerived(target, await sharp(png).webp({ quality: 80 }).toBuffer());
  return true;
}
