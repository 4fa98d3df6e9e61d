// Every frame of a video hashed as the desk's evidence checks hash one: ffmpeg scales it to 32×32
// gray by area, and the shared DCT hash reads that. The alignment tests compare against it.
import { spawn } from 'node:child_process';
import { gray32Side, perceptualHashOfGray32 } from '../../shared/media/perceptual-hash';
import { ffmpegBinary } from './ffmpeg';

/** Every frame of `file`, in presentation order, as its perceptual hash. */
export function ffmpegFrameHashes(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const size = gray32Side * gray32Side;
    const child = spawn(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-vf', `scale=${gray32Side}:${gray32Side}:flags=area,format=gray`, '-f', 'rawvideo', '-']);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg exited ${code} reading ${file}`));
      const bytes = Buffer.concat(chunks);
      const hashes: string[] = [];
      for (let at = 0; at + size <= bytes.length; at += size) hashes.push(perceptualHashOfGray32(bytes.subarray(at, at + size)));
      resolve(hashes);
    });
  });
}
