// Frame-indexed videos shaped for the WebCodecs player's tests: B-frames for certain, variable frame
// rate with known times, WebM, and a picture size the decoder must refuse. Each frame n carries
// index n (frame-video.ts draws it and reads it back).
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { ffmpegBinary } from './ffmpeg';
import { frameIndexPixels } from './frame-video';

const width = 320;
const height = 180;

/** The kinds of test video this module makes. */
export type DecoderVideoKind = 'h264-bframes' | 'h264-vfr' | 'vp9-webm' | 'hevc';

/** Frame n's time in the VFR video: 10 frames at 30 fps, 10 at 15 fps, then 60 fps. */
export function vfrTime(n: number): number {
  if (n < 10) return n / 30;
  if (n < 20) return 10 / 30 + (n - 10) / 15;
  return 10 / 30 + 10 / 15 + (n - 20) / 60;
}

const vfrExpression = "setpts='(if(lt(N,10),N/30,if(lt(N,20),10/30+(N-10)/15,10/30+10/15+(N-20)/60)))/TB'";

function argumentsFor(kind: DecoderVideoKind): string[] {
  switch (kind) {
    case 'h264-bframes':
      // b-adapt=0 makes x264 use its three B-frames whatever the picture, so decode order differs
      // from presentation order for certain.
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-x264-params', 'bframes=3:b-adapt=0:keyint=12:min-keyint=12:scenecut=0', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4'];
    case 'h264-vfr':
      // 90 kHz holds 1/30, 1/15 and 1/60 s exactly, so the container's times are the planned ones.
      return ['-vf', vfrExpression, '-vsync', '0', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '12', '-bf', '0', '-pix_fmt', 'yuv420p', '-video_track_timescale', '90000', '-movflags', '+faststart', '-f', 'mp4'];
    case 'vp9-webm':
      return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-g', '12', '-b:v', '400k', '-pix_fmt', 'yuv420p', '-f', 'webm'];
    case 'hevc':
      return ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=12:log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4'];
  }
}

/** Writes `frames` frames of `kind` to `file` (320×180; 30 fps where the rate is constant). */
export async function writeDecoderVideo(file: string, kind: DecoderVideoKind, frames: number): Promise<void> {
  const child = spawn(
    ffmpegBinary,
    // The VFR video's times are all multiples of 1/60 s; read at 60 fps, the encoder's time base
    // holds them exactly (at 30 it rounds the 60 fps part onto the same ticks).
    ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-r', kind === 'h264-vfr' ? '60' : '30', '-i', '-', ...argumentsFor(kind), file],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  child.stdin.on('error', () => undefined);
  for (let n = 0; n < frames; n += 1) child.stdin.write(frameIndexPixels(n, width, height));
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg could not write ${kind} to ${file} (exit ${code}): ${errors.trim()}`);
}

/** Writes an AAC-only MP4 (one second of a tone): a media file with no video track. */
export async function writeAudioOnly(file: string): Promise<void> {
  const child = spawn(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', '-f', 'mp4', file], { stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`ffmpeg could not write an audio-only file to ${file} (exit ${code})`);
}

/**
 * Rewrites the picture size an MP4's `avc1`/`hvc1` sample entry declares (a VisualSampleEntry's
 * width and height are 16-bit fields 24 bytes into its body), as a forged or broken file would.
 */
export async function forgeSampleEntrySize(file: string, forgedWidth: number, forgedHeight: number): Promise<void> {
  const bytes = await readFile(file);
  // The sample entry is inside `stsd`; 'avc1' also appears earlier, as a brand in `ftyp`.
  const stsd = bytes.indexOf(Buffer.from('stsd', 'latin1'));
  const at = stsd < 0 ? undefined : ['avc1', 'hvc1'].map((type) => bytes.indexOf(Buffer.from(type, 'latin1'), stsd)).find((found) => found > 0);
  if (at === undefined) throw new Error(`${file} has no avc1 or hvc1 sample entry to rewrite.`);
  const body = at + 4;
  bytes.writeUInt16BE(forgedWidth, body + 24);
  bytes.writeUInt16BE(forgedHeight, body + 26);
  await writeFile(file, bytes);
}

/** Runs the tests' ffmpeg with `args`, quietly; throws with its complaint when it fails. */
async function ffmpeg(args: string[]): Promise<void> {
  const child = spawn(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed (exit ${code}): ${errors.trim()}`);
}

/**
 * Joins two H.264 MP4s of different picture sizes into one MP4 whose size changes where the
 * second begins, as a camera that switches resolution records: each is re-muxed to MPEG-TS
 * (Annex B, its parameter sets in the stream), the two are joined with the concat protocol, and
 * the result is re-muxed to MP4 without re-encoding. The MP4's sample entry declares the first
 * size; the second part's new SPS travels in its samples.
 */
export async function joinSizes(first: string, second: string, file: string): Promise<void> {
  const parts = [`${file}.1.ts`, `${file}.2.ts`];
  await ffmpeg(['-i', first, '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'mpegts', parts[0]!]);
  await ffmpeg(['-i', second, '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'mpegts', parts[1]!]);
  await ffmpeg(['-i', `concat:${parts.join('|')}`, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', file]);
  await Promise.all(parts.map((part) => rm(part, { force: true })));
}

/**
 * Rewrites entry `entry` of an MP4's `stts` (decoding time to sample: count, then delta, 32 bits
 * each) to a delta of `delta` ticks, in place: with 0, that entry's samples all share one time,
 * as a broken muxer or an edited file leaves them.
 */
export async function forgeSampleDelta(file: string, entry: number, delta: number): Promise<void> {
  const bytes = await readFile(file);
  const stts = bytes.indexOf(Buffer.from('stts', 'latin1'));
  if (stts < 0) throw new Error(`${file} has no stts box to rewrite.`);
  // After the type: version and flags (4), the entry count (4), then the entries.
  const entries = bytes.readUInt32BE(stts + 8);
  if (entry >= entries) throw new Error(`${file}'s stts has ${entries} entries, not ${entry + 1}.`);
  bytes.writeUInt32BE(delta, stts + 12 + entry * 8 + 4);
  await writeFile(file, bytes);
}
