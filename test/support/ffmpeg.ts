// The ffmpeg and ffprobe tests make and read media with: the binaries the app ships in its npm
// packages, so a fresh machine needs no system ffmpeg; the PATH's where no package has a build
// for this platform.
import { createRequire } from 'node:module';

function bundled(installer: string, fallback: string): string {
  try {
    return (createRequire(import.meta.url)(installer) as { path: string }).path;
  } catch {
    return fallback;
  }
}

/** The ffmpeg tests run: the bundled one, else `ffmpeg` on the PATH. */
export const ffmpegBinary = bundled('@ffmpeg-installer/ffmpeg', 'ffmpeg');

/** The ffprobe tests run: the bundled one, else `ffprobe` on the PATH. */
export const ffprobeBinary = bundled('@ffprobe-installer/ffprobe', 'ffprobe');
