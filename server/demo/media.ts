import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../shared/logger';
import { renderPhoto, resave, type PhotoExif } from './photos';
import { Random, streams } from './random';
import { canEncodeH264, defaultFfmpeg, renderVideo } from './videos';

const log = createLogger('demo-media');

/** A real evidence file for the demo workspace, named by the SHA-256 of its bytes. */
export interface DemoMediaItem {
  sha256: string;
  kind: 'photo' | 'video';
  mediaType: string;
  sizeBytes: number;
  bytes: Buffer;
  fileName: string;
}

/** How much demo media to make, from which seed, and which ffmpeg to use (the desk's bundled one by default). */
export interface DemoMediaOptions {
  seed: number;
  photos: number;
  videos: number;
  ffmpegPath?: string;
  /** Told as files are made (photos all at once, then each video), for progress on a terminal. */
  onMade?: (made: number, total: number) => void;
}

/** Editing software named in the EXIF of the "possibly edited" photos. */
const editors = ['Adobe Photoshop 25.4 (Windows)', 'GIMP 2.10.36'];
const phones = [['Xiaomi', 'Redmi Note 12'], ['samsung', 'SM-A546B'], ['Apple', 'iPhone 13'], ['HUAWEI', 'NOVA 11']] as const;

function item(kind: DemoMediaItem['kind'], mediaType: string, bytes: Buffer, fileName: string): DemoMediaItem {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), kind, mediaType, sizeBytes: bytes.length, bytes, fileName };
}

/**
 * Photo `index` of `count`: an 800×600 product picture, different per index, with a phone's EXIF
 * on every other one. Photos 1 and 3 name an editing program in their EXIF (`Software`), for
 * "possibly edited" checks. With 4 or more photos, the second to last is a 3264×2448 camera
 * original over 2 MB.
 */
async function makePhoto(seed: number, index: number, count: number): Promise<DemoMediaItem> {
  const r = new Random(seed, streams.media, index);
  const oversized = count >= 4 && index === count - 2;
  const [make, model] = r.pick(phones);
  const takenAt = `2025:0${r.int(1, 9)}:${r.int(10, 28)} ${r.int(10, 22)}:${r.int(10, 59)}:${r.int(10, 59)}`;
  const software = index === 1 || index === 3 ? editors[(index - 1) / 2] : undefined;
  const exif: PhotoExif | undefined = software || oversized || index % 2 === 0 ? { make, model, takenAt, ...(software && { software }) } : undefined;
  const bytes = await renderPhoto(r, {
    variant: index,
    ...(oversized ? { width: 3264, height: 2448, quality: 94, grain: 40 } : { width: 800, height: 600, quality: 86, grain: 18 }),
    ...(exif && { exif }),
  });
  return item('photo', 'image/jpeg', bytes, `IMG_${2001 + index}.jpg`);
}

/**
 * Real media for the demo workspace: JPEG photos made with sharp (see `makePhoto`; with 2 or more,
 * the last is a near-duplicate of the first) and, when ffmpeg with libx264 is
 * installed, short MP4 videos (with 2 or more, the last is over 2 MB). Without ffmpeg there are no
 * videos, `ffmpeg` is false and a warning says so. The same seed gives the same bytes on the same
 * sharp and ffmpeg versions.
 */
export async function generateDemoMedia(options: DemoMediaOptions): Promise<{ items: DemoMediaItem[]; ffmpeg: boolean }> {
  const { seed, photos, videos } = options;
  options.onMade?.(0, photos + videos);
  const renders: Promise<DemoMediaItem>[] = [];
  for (let index = 0; index < photos; index++) {
    // With 2 or more photos the last is photo 0 saved again at 640×480 and lower quality: a near-duplicate.
    const nearDuplicate = index > 0 && index === photos - 1;
    renders.push(
      nearDuplicate
        ? renders[0]!.then(async (original) => item('photo', 'image/jpeg', await resave(original.bytes, 640, 480, 70), `IMG_${2001 + index}.jpg`))
        : makePhoto(seed, index, photos),
    );
  }
  const items = await Promise.all(renders);
  options.onMade?.(items.length, photos + videos);

  const binary = options.ffmpegPath ?? defaultFfmpeg();
  const ffmpeg = videos > 0 && (await canEncodeH264(binary));
  if (videos > 0 && !ffmpeg) {
    log.warn('ffmpeg with H.264 (libx264) was not found, so the demo workspace has no videos.', { ffmpegPath: binary, videosAsked: videos });
  }
  if (!ffmpeg) return { items, ffmpeg };

  const dir = await mkdtemp(path.join(tmpdir(), 'dispute-desk-demo-'));
  try {
    for (let index = 0; index < videos; index++) {
      const r = new Random(seed, streams.media, 1_000_000 + index);
      const output = path.join(dir, `VID_${3001 + index}.mp4`);
      await renderVideo(binary, r, index, videos >= 2 && index === videos - 1, output);
      items.push(item('video', 'video/mp4', await readFile(output), path.basename(output)));
      options.onMade?.(items.length, photos + videos);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { items, ffmpeg };
}
