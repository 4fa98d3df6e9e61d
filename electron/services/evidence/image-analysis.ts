import type { Metadata } from 'sharp';
import { hammingDistance } from '../../../shared/media/perceptual-hash';
import { firstBytes, sharpInput, sourceOf, writeDerived, type AnalysisSource, type DerivedTarget } from './analysis-source';
import { exifLibrary, sharpLibrary } from './libraries';
import { imagePerceptualHash } from './perceptual-hash';

/**
 * The most pixels the desk decodes. A decompression bomb (a small PNG claiming 40,000 × 40,000)
 * is stored as evidence but not decoded, and flagged as unreadable with this reason.
 */
export const maxDecodedPixels = 100_000_000;

/** What the desk reads from a photo's metadata. EXIF dates have no zone: shown as written. */
export interface ImageFacts {
  width: number;
  height: number;
  format: string;
  camera: string | null;
  software: string | null;
  capturedAt: string | null;
  modifiedAt: string | null;
  /** Hamming distance between the embedded EXIF thumbnail and the picture, when there is one. */
  embeddedThumbnailDistance: number | null;
}

/** The outcome of reading a photo: its facts and hash, or why it could not be decoded. */
export type ImageReading =
  | { readable: true; facts: ImageFacts; perceptualHash: string }
  | { readable: false; problem: string; facts: Partial<ImageFacts> };

interface RawExif {
  Make?: string;
  Model?: string;
  Software?: string;
  CreatorTool?: string;
  DateTimeOriginal?: string;
  CreateDate?: string;
  ModifyDate?: string;
}

/** EXIF writes `2024:05:01 10:02:03`; ISO-8601 without a zone says the same and sorts. */
function exifDate(value: string | undefined): string | null {
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}` : null;
}

/**
 * The first bytes of a picture, where EXIF, XMP and the embedded thumbnail live. exifr is given
 * a buffer, never a path: given a path it leaves a file handle open per picture (exifr#46).
 */
async function metadataBytes(source: AnalysisSource): Promise<Buffer> {
  return firstBytes(source, metadataReadBytes);
}

/** Enough for EXIF (64 KiB at most), extended XMP and a thumbnail in any common camera file. */
const metadataReadBytes = 8 * 1024 * 1024;

async function readExif(bytes: Buffer): Promise<RawExif> {
  const exifr = await exifLibrary();
  try {
    const parsed = (await exifr.parse(bytes, { tiff: true, exif: true, xmp: true, ifd1: false, reviveValues: false, mergeOutput: true })) as
      | RawExif
      | undefined;
    return parsed ?? {};
  } catch {
    // Metadata that cannot be parsed is absent metadata, not an unreadable picture.
    return {};
  }
}

async function thumbnailDistance(bytes: Buffer, pictureHash: string): Promise<number | null> {
  const exifr = await exifLibrary();
  try {
    const thumbnail = await exifr.thumbnail(bytes);
    if (thumbnail === undefined || thumbnail.length === 0) return null;
    return hammingDistance(await imagePerceptualHash(Buffer.from(thumbnail)), pictureHash);
  } catch {
    return null;
  }
}

/**
 * Reads a photo: size and format from its header, EXIF/XMP, a decode that fails on truncation,
 * a WebP thumbnail at `thumbnailPath`, and the perceptual hash. Pixel counts above
 * `maxDecodedPixels` are refused before any decoding.
 */
export async function readImage(from: string | AnalysisSource, thumbnail: DerivedTarget): Promise<ImageReading> {
  const source = sourceOf(from);
  const file = await sharpInput(source);
  const sharp = await sharpLibrary();
  let header: Metadata;
  try {
    header = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { readable: false, problem: `The picture cannot be read (${(error as Error).message}).`, facts: {} };
  }
  const width = header.width ?? 0;
  const height = header.height ?? 0;
  const metadata = await metadataBytes(source);
  const exif = await readExif(metadata);
  const partial: Partial<ImageFacts> = {
    width,
    height,
    format: header.format,
    camera: [exif.Make, exif.Model].filter(Boolean).join(' ').trim() || null,
    software: exif.Software ?? exif.CreatorTool ?? null,
    capturedAt: exifDate(exif.DateTimeOriginal ?? exif.CreateDate),
    modifiedAt: exifDate(exif.ModifyDate),
  };
  if (width * height > maxDecodedPixels) {
    return {
      readable: false,
      problem: `The picture claims ${width} × ${height} pixels, over the ${maxDecodedPixels / 1e6}-megapixel limit; it was kept but not decoded.`,
      facts: partial,
    };
  }
  try {
    const small = await sharp(file, { limitInputPixels: maxDecodedPixels, failOn: 'truncated' })
      .rotate()
      .resize(480, 480, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    await writeDerived(thumbnail, small);
    const perceptualHash = await imagePerceptualHash(file);
    const facts: ImageFacts = {
      width,
      height,
      format: header.format ?? 'unknown',
      camera: partial.camera ?? null,
      software: partial.software ?? null,
      capturedAt: partial.capturedAt ?? null,
      modifiedAt: partial.modifiedAt ?? null,
      embeddedThumbnailDistance: await thumbnailDistance(metadata, perceptualHash),
    };
    return { readable: true, facts, perceptualHash };
  } catch (error) {
    return { readable: false, problem: `The picture is truncated or corrupt (${(error as Error).message}).`, facts: partial };
  }
}
