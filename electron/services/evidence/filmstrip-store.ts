// Keyframe thumbnails of a video's filmstrip, kept beside the video's other derived files
// (decision 0029). The viewer makes them as it decodes; the next opening reads them back instead
// of decoding again. They are pictures of a video the store holds, never evidence: nothing here is
// hashed, uploaded or audited, and a missing or damaged one is simply made again.
import { randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { maxFilmstripThumbnailBytes } from '../../../shared/contract/evidence-calls';
import { createLogger } from '../../../shared/logger';
import type { SmallFileSeal } from '../at-rest/sealed-file';
import { playableFileName } from './playable-copy';

const log = createLogger('filmstrip-store');

/** Which file's frames, at what height: one folder of thumbnails each. */
export interface FilmstripOf {
  sha256: string;
  of: 'object' | 'playable';
  height: number;
}

/** One thumbnail: the frame it shows and its WebP bytes. */
export interface FilmstripThumbnail {
  frame: number;
  webp: Buffer;
}

/** What keeping thumbnails gave. */
export type KeepOutcome =
  | { status: 'kept'; kept: number; refused: { frame: number; reason: string }[] }
  | { status: 'no_file'; message: string }
  | { status: 'full'; message: string };

/**
 * The most thumbnails kept for one file at one height: a strip shows a few dozen, and windows of
 * other widths pick other keyframes, but a thousand covers a two-hour video's strip at any width.
 */
export const maxThumbnailsPerStrip = 1_000;

const thumbnailName = /^(\d{1,9})\.webp$/;

export class FilmstripStore {
  constructor(
    /** The folder of an object's derived files (thumbnail, poster, playable copy). */
    private readonly derivedDir: (sha256: string) => string,
    /** Whether the store holds the object. */
    private readonly hasObject: (sha256: string) => Promise<boolean>,
    /** In a sealing store, how each thumbnail is sealed; frames of evidence are evidence too. */
    private readonly sealing?: SmallFileSeal,
  ) {}

  /** The thumbnails kept of those asked for; a frame with none (or an unreadable one) is left out. */
  async read(strip: FilmstripOf, frames: readonly number[]): Promise<FilmstripThumbnail[]> {
    const folder = this.#folder(strip);
    const found: FilmstripThumbnail[] = [];
    for (const frame of new Set(frames)) {
      try {
        const stored = await readFile(path.join(folder, `${frame}.webp`));
        const webp = this.sealing ? this.sealing.open(stored) : stored;
        if (isWebp(webp)) found.push({ frame, webp });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('a filmstrip thumbnail could not be read', { sha256: strip.sha256, frame, error: String(error) });
      }
    }
    return found;
  }

  /** Keeps thumbnails, each written whole (a temporary file renamed into place) or not at all. */
  async keep(strip: FilmstripOf, thumbnails: readonly FilmstripThumbnail[]): Promise<KeepOutcome> {
    if (!(await this.#fileExists(strip))) {
      const what = strip.of === 'playable' ? 'a playable copy of that video' : 'that video';
      return { status: 'no_file', message: `This computer's evidence store does not hold ${what}, so its filmstrip is not kept.` };
    }
    const folder = this.#folder(strip);
    await mkdir(folder, { recursive: true });
    const held = (await readdir(folder)).filter((name) => thumbnailName.test(name)).length;
    const refused: { frame: number; reason: string }[] = [];
    let kept = 0;
    let room = maxThumbnailsPerStrip - held;
    for (const { frame, webp } of thumbnails) {
      if (!isWebp(webp)) {
        refused.push({ frame, reason: 'Not a WebP picture.' });
        continue;
      }
      if (webp.byteLength > maxFilmstripThumbnailBytes) {
        refused.push({ frame, reason: `Larger than ${maxFilmstripThumbnailBytes / 1024} KiB.` });
        continue;
      }
      const target = path.join(folder, `${frame}.webp`);
      const replacing = await exists(target);
      if (!replacing && room <= 0) {
        if (kept === 0 && refused.length === 0) {
          return { status: 'full', message: `This video's filmstrip already keeps ${maxThumbnailsPerStrip} thumbnails at this size; no more are kept.` };
        }
        refused.push({ frame, reason: `The strip keeps at most ${maxThumbnailsPerStrip} thumbnails.` });
        continue;
      }
      const partial = path.join(folder, `.${frame}.${randomUUID()}.part`);
      try {
        await writeFile(partial, this.sealing ? this.sealing.seal(webp) : webp);
        await rename(partial, target);
      } finally {
        await rm(partial, { force: true });
      }
      kept += 1;
      if (!replacing) room -= 1;
    }
    return { status: 'kept', kept, refused };
  }

  #folder({ sha256, of, height }: FilmstripOf): string {
    return path.join(this.derivedDir(sha256), 'filmstrip', `${of}-${height}`);
  }

  async #fileExists({ sha256, of }: FilmstripOf): Promise<boolean> {
    if (of === 'playable') return exists(path.join(this.derivedDir(sha256), playableFileName));
    return this.hasObject(sha256);
  }
}

/** Whether a file is there, without blocking the process that serves every desk call. */
async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Whether `bytes` are a WebP picture: a RIFF container of type WEBP whose size field matches the
 * bytes given (so a truncated or padded file is refused too).
 */
export function isWebp(bytes: Buffer): boolean {
  return (
    bytes.byteLength >= 20 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP' &&
    bytes.readUInt32LE(4) + 8 === bytes.byteLength
  );
}
