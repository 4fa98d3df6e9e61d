import { z } from 'zod';
import { sha256Schema } from '../domain/model';
import { boundedText, textLimits } from '../domain/text';

/**
 * Evidence transfers between a desk and the case service (decision 0020). Uploads follow S3's
 * multipart model with every part URL issued by, and pointing at, the service: a desk asks first
 * (`POST /uploads`), sends numbered parts each with its own SHA-256 in a `Content-Digest` header
 * (RFC 9530), asks which parts arrived to resume, and completes; the service checks the whole
 * file's SHA-256 before the object becomes visible. Downloads are ranged `GET /blobs/<sha256>`.
 *
 * Routes (all with `Authorization: Bearer <token>`):
 * - `HEAD /blobs/<sha256>`: 200 with Content-Length when the store has the object, else 404.
 * - `GET /blobs/<sha256>` with an optional `Range: bytes=a-b`: 200 or 206, streamed.
 * - `POST /uploads` with {@link uploadRequestSchema}: {@link uploadAnswerSchema}, 200 `present`
 *   (nothing to send) or 200 `open`; 413 `payload_too_large` over the cap, before any byte.
 * - `GET /uploads/<uploadId>`: the `open` answer again (which parts the service holds).
 * - `PUT /uploads/<uploadId>/parts/<n>` (n from 1), `Content-Length` exactly the part's length,
 *   `Content-Digest: sha-256=:<base64 of the part's SHA-256>:`. 200 with {@link partAnswerSchema};
 *   422 `part_mismatch` when the bytes do not hash to the digest (nothing kept, send it again).
 * - `POST /uploads/<uploadId>/complete`: 200 {@link uploadStoredSchema}; 409 `upload_incomplete`
 *   with the parts still missing; 422 `hash_mismatch` when the whole file does not hash to the
 *   digest it was begun under (the upload is discarded, nothing became visible).
 * - `DELETE /uploads/<uploadId>`: abandons it.
 * An upload belongs to the user who began it: anyone else gets 404 `not_found`. A store that cannot
 * be reached answers 503 `store_unavailable` with the reason; the desk keeps the file and retries.
 */

/** The part size a service chooses unless a file needs larger parts to stay within `maxParts`. */
export const defaultPartBytes = 8 * 1024 * 1024;

/** S3's limit on parts in one multipart upload, kept by both stores so they behave alike. */
export const maxParts = 10_000;

/** The largest file a service accepts by default (its operator can set another cap). */
export const defaultMaxUploadBytes = 20 * 1024 ** 3;

/** The part size for a file of `size` bytes: the default, or larger so there are at most `maxParts`. */
export function partBytesFor(size: number): number {
  const mib = 1024 * 1024;
  return Math.max(defaultPartBytes, Math.ceil(size / maxParts / mib) * mib);
}

/** How many parts a file of `size` bytes is sent in (an empty file is one empty part). */
export function partCountFor(size: number, partBytes: number): number {
  return Math.max(1, Math.ceil(size / partBytes));
}

/** The byte length of part `n` (from 1) of a file of `size` bytes. */
export function partLength(size: number, partBytes: number, n: number): number {
  return Math.max(0, Math.min(partBytes, size - (n - 1) * partBytes));
}

/** `POST /uploads`: what the desk is about to send. */
export const uploadRequestSchema = z
  .object({
    sha256: sha256Schema,
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    mediaType: boundedText(textLimits.mediaType).min(1),
  })
  .strict();
/** A request to begin (or resume) an upload. */
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

/** The state of an open upload: which parts the service holds. */
export const uploadOpenSchema = z.object({
  status: z.literal('open'),
  uploadId: boundedText(textLimits.identifier).min(1),
  sha256: sha256Schema,
  size: z.number().int().nonnegative(),
  partBytes: z.number().int().positive(),
  partCount: z.number().int().positive().max(maxParts),
  /** Part numbers (from 1) the service has checked and holds, ascending. */
  received: z.array(z.number().int().positive().max(maxParts)).max(maxParts),
});
/** An open upload. */
export type UploadOpen = z.infer<typeof uploadOpenSchema>;

/** The answer to `POST /uploads`: the store already has the bytes, or an upload to send parts to. */
export const uploadAnswerSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('present'), sha256: sha256Schema, size: z.number().int().nonnegative() }),
  uploadOpenSchema,
]);
/** What `POST /uploads` answers. */
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;

/** The answer to a part accepted. */
export const partAnswerSchema = z.object({ part: z.number().int().positive(), size: z.number().int().nonnegative() });
/** A part accepted. */
export type PartAnswer = z.infer<typeof partAnswerSchema>;

/** The answer to `complete`: the object is stored and visible under its digest. */
export const uploadStoredSchema = z.object({ status: z.literal('stored'), sha256: sha256Schema, size: z.number().int().nonnegative() });
/** A completed upload. */
export type UploadStored = z.infer<typeof uploadStoredSchema>;

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The `Content-Digest` header value (RFC 9530) for a SHA-256 given in hex. */
export function contentDigestHeader(sha256Hex: string): string {
  const bytes = (sha256Hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  let base64 = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b, c] = bytes.slice(i, i + 3);
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    base64 += base64Alphabet[(triple >> 18) & 63]! + base64Alphabet[(triple >> 12) & 63]!;
    base64 += b === undefined ? '=' : base64Alphabet[(triple >> 6) & 63]!;
    base64 += c === undefined ? '=' : base64Alphabet[triple & 63]!;
  }
  return `sha-256=:${base64}:`;
}

/** The SHA-256 in hex named by a `Content-Digest` header, or undefined when it names none. */
export function sha256FromContentDigest(header: string | undefined): string | undefined {
  const base64 = header?.match(/(?:^|,)\s*sha-256=:([A-Za-z0-9+/]{43}=):\s*(?:,|$)/)?.[1];
  if (base64 === undefined) return undefined;
  let bits = 0;
  let value = 0;
  let hex = '';
  for (const char of base64.slice(0, 43)) {
    value = (value << 6) | base64Alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((value >> bits) & 255).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/** What `/health` says about the evidence store: its kind, whether it answers, and how full it is. */
export const storeHealthSchema = z.object({
  kind: z.enum(['folder', 's3']),
  status: z.enum(['ok', 'unreachable']),
  /** Why the store does not answer, in words an operator can act on. */
  reason: boundedText(textLimits.freeText).optional(),
  objects: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Objects moved to the archive (see `npm run server -- archive`). */
  archivedObjects: z.number().int().nonnegative().optional(),
});
/** The evidence store's health. */
export type StoreHealth = z.infer<typeof storeHealthSchema>;
