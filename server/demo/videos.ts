import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Random } from './random';

// Short H.264 clips made by ffmpeg from its own test sources (lavfi), so no input files and no
// fonts are needed. One clip of encoded noise at a high bitrate is deliberately over the seed's
// 2 MB upload limit.

/** What ffmpeg printed, or `missing` when the binary is not there at all. */
type RunResult = { code: number | null; stdout: string; stderr: string } | 'missing';

function run(binary: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve('missing') : reject(error)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The ffmpeg the desk ships (`@ffmpeg-installer`), so a fresh machine makes the demo's videos with
 * no system ffmpeg; `ffmpeg` on the PATH where that package has no build for this platform.
 */
export function defaultFfmpeg(): string {
  try {
    return (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return 'ffmpeg';
  }
}

/** Whether `binary` is an ffmpeg that can encode H.264 (libx264); false when it is not installed. */
export async function canEncodeH264(binary: string): Promise<boolean> {
  const result = await run(binary, ['-hide_banner', '-encoders']);
  return result !== 'missing' && result.code === 0 && /\blibx264\b/.test(result.stdout);
}

const size = 'size=320x240:rate=25';

/** The lavfi source of clip `index`: a different generator and colouring per clip, seeded from `r`. */
function source(r: Random, index: number, oversized: boolean): string {
  const seed = r.int(0, 2 ** 31 - 1);
  if (oversized) return `testsrc2=${size},noise=alls=60:allf=t+u:all_seed=${seed}`;
  switch (index % 4) {
    case 0:
      return `testsrc2=${size},hue=h=${r.int(0, 359)}`;
    case 1:
      return `life=${size}:seed=${seed}:mold=10:life_color=#${r.hex(6)}:death_color=#101820,format=yuv420p`;
    case 2:
      return `cellauto=${size}:rule=${r.pick([30, 90, 110, 150])}:seed=${seed},format=yuv420p`;
    default:
      return `mandelbrot=${size}:start_x=${(-0.7436 + r.between(-0.001, 0.001)).toFixed(6)}:start_y=${(-0.1318 + r.between(-0.001, 0.001)).toFixed(6)}`;
  }
}

/**
 * Encodes one clip to `outputPath`: H.264 in yuv420p (what browsers play), 2.5 s, or 3 s at
 * 8 Mbit/s for the oversized one. Single-threaded and bit-exact so the same seed gives the same file.
 */
export async function renderVideo(binary: string, r: Random, index: number, oversized: boolean, outputPath: string): Promise<void> {
  const rate = oversized ? ['-b:v', '8M', '-maxrate', '8M', '-bufsize', '8M'] : ['-crf', '26'];
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', source(r, index, oversized),
    '-t', oversized ? '3' : '2.5',
    '-c:v', 'libx264', '-preset', 'veryfast', ...rate, '-pix_fmt', 'yuv420p', '-threads', '1',
    '-an', '-movflags', '+faststart', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1',
    outputPath,
  ];
  const result = await run(binary, args);
  if (result === 'missing') throw new Error(`ffmpeg disappeared while making demo videos (${binary}).`);
  if (result.code !== 0) throw new Error(`ffmpeg could not make demo video ${index}: ${result.stderr.trim()}`);
}
