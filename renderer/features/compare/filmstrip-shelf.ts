// Where the filmstrip's thumbnails are kept between openings of the viewer: beside the video in
// this computer's evidence store (decision 0029), through two desk calls. Reading them back costs
// a few kilobytes each instead of decoding a keyframe each.
import type { DeskApi } from '../../../shared/contract/calls';
import { maxFilmstripThumbnails } from '../../../shared/contract/evidence-calls';
import { createLogger } from '../../../shared/logger';

const log = createLogger('filmstrip-shelf');

/** Thumbnails of one decoded file, kept across openings of the viewer. */
export interface FilmstripShelf {
  /** The pictures kept for those of `frames` that have one, `height` device pixels high. */
  load(height: number, frames: readonly number[]): Promise<Map<number, ImageBitmap>>;
  /** Keeps pictures made now; a failure is logged, never shown: the strip is made again next time. */
  keep(height: number, thumbnails: readonly { frame: number; picture: ImageBitmap }[]): Promise<void>;
}

/** The file a decoded pane shows: the stored object, or its playable copy (other frames). */
export interface DecodedFile {
  sha256: string;
  of: 'object' | 'playable';
}

/** WebP quality for a strip picture: small, and indistinguishable at 32 pixels high. */
const webpQuality = 0.8;

/** A shelf in the evidence store, through `desk`. */
export function deskFilmstripShelf(desk: Pick<DeskApi, 'invoke'>, file: DecodedFile): FilmstripShelf {
  return {
    async load(height, frames) {
      const pictures = new Map<number, ImageBitmap>();
      for (let start = 0; start < frames.length; start += maxFilmstripThumbnails) {
        const answer = await desk.invoke('evidence.filmstrip', { ...file, height, frames: frames.slice(start, start + maxFilmstripThumbnails) });
        if (!answer.ok) {
          log.warn('kept filmstrip thumbnails could not be read', { sha256: file.sha256, code: answer.error.code, message: answer.error.message });
          return pictures;
        }
        for (const { frame, webp } of answer.value.thumbnails) {
          try {
            pictures.set(frame, await createImageBitmap(new Blob([fromBase64(webp)], { type: 'image/webp' })));
          } catch (error) {
            // A damaged picture is made again.
            log.info('a kept filmstrip thumbnail could not be drawn', { sha256: file.sha256, frame, error: String(error) });
          }
        }
      }
      return pictures;
    },

    async keep(height, thumbnails) {
      const encoded: { frame: number; webp: string }[] = [];
      for (const { frame, picture } of thumbnails) {
        try {
          encoded.push({ frame, webp: toBase64(await webpOf(picture)) });
        } catch (error) {
          // Closed with the viewer, or a browser that cannot encode WebP: it is made again next time.
          log.info('a filmstrip thumbnail could not be encoded', { sha256: file.sha256, frame, error: String(error) });
        }
      }
      for (let start = 0; start < encoded.length; start += maxFilmstripThumbnails) {
        const answer = await desk.invoke('evidence.keepFilmstrip', { ...file, height, thumbnails: encoded.slice(start, start + maxFilmstripThumbnails) });
        if (!answer.ok) log.warn('filmstrip thumbnails were not kept', { sha256: file.sha256, code: answer.error.code, message: answer.error.message });
        else if (answer.value.status !== 'kept') log.info('filmstrip thumbnails were not kept', { sha256: file.sha256, status: answer.value.status, message: answer.value.message });
        else if (answer.value.refused.length > 0) log.warn('filmstrip thumbnails were refused', { sha256: file.sha256, refused: answer.value.refused.length, reason: answer.value.refused[0]!.reason });
      }
    },
  };
}

/** A picture as WebP bytes. */
async function webpOf(picture: ImageBitmap): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(picture.width, picture.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D context for a filmstrip thumbnail.');
  context.drawImage(picture, 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/webp', quality: webpQuality });
  if (blob.type !== 'image/webp') throw new Error(`This browser encodes ${blob.type}, not WebP.`);
  return new Uint8Array(await blob.arrayBuffer());
}

/** Base64 of a few kilobytes, in chunks a call's arguments can hold. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 0x8000) text += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(text);
}

/** The bytes of a base64 text. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at += 1) bytes[at] = binary.charCodeAt(at);
  return bytes;
}
