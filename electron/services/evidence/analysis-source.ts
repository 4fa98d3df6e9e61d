import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaInput } from '../media-tools';

/**
 * What analysis reads: a file on disk (a plain store's object, a file being brought in), or a
 * sealed object's content (decision 0036) — its loopback URL for ffmpeg and ffprobe, and its
 * decrypted pieces for sharp, exifr and mp4box. Nothing is ever written out in the clear.
 */
export interface AnalysisSource {
  /** What ffmpeg and ffprobe are given (media-tools.ts, `untrustedInput`). */
  input: MediaInput;
  /** The content from its start, in pieces of about a megabyte; stop early by breaking out. */
  pieces(): AsyncIterable<Buffer>;
}

/** A file on disk as an analysis source. */
export function fileSource(file: string): AnalysisSource {
  return {
    input: file,
    async *pieces() {
      const handle = await open(file, 'r');
      try {
        for await (const chunk of handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false })) yield chunk as Buffer;
      } finally {
        await handle.close();
      }
    },
  };
}

/** A path or a source, as a source. */
export function sourceOf(from: string | AnalysisSource): AnalysisSource {
  return typeof from === 'string' ? fileSource(from) : from;
}

/** The first `limit` bytes of the source's content (fewer when it is shorter). */
export async function firstBytes(source: AnalysisSource, limit: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let held = 0;
  for await (const piece of source.pieces()) {
    pieces.push(piece.subarray(0, limit - held));
    held += Math.min(piece.length, limit - held);
    if (held >= limit) break;
  }
  return Buffer.concat(pieces, held);
}

/** What sharp reads: the file by path, or a sealed object's content in memory. */
export async function sharpInput(source: AnalysisSource): Promise<string | Buffer> {
  if (typeof source.input === 'string') return source.input;
  const pieces: Buffer[] = [];
  for await (const piece of source.pieces()) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** Where analysis writes one file it derives (a thumbnail, a poster): a path, or a writer that seals it. */
export type DerivedTarget = string | { write(bytes: Buffer): Promise<void> };

/** Writes a derived file's bytes to its target. */
export async function writeDerived(target: DerivedTarget, bytes: Buffer): Promise<void> {
  if (typeof target === 'string') await writeFile(target, bytes);
  else await target.write(bytes);
}

/** Where analysis puts what it derives from one object. */
export interface DerivedFiles {
  /** Makes room for the files (a folder), before the first is written. */
  prepare(): Promise<void>;
  target(name: 'thumbnail.webp' | 'poster.webp'): DerivedTarget;
}

/** Derived files written plainly in a folder. */
export function derivedFolder(dir: string): DerivedFiles {
  return { prepare: () => mkdir(dir, { recursive: true }).then(() => undefined), target: (name) => path.join(dir, name) };
}
