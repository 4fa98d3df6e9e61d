import { z } from 'zod';
import type { EvidenceKind } from './evidence-kind';
import { boundedText, listLimits, textLimits } from './text';

/**
 * The seed's evidence rules as flags. A flag never rejects evidence: it is kept, and the case
 * manager reads why it is suspect. Codes are stable (the renderer, the CLI's JSON and scripts
 * branch on them); add codes, never rename one.
 */
export const evidenceFlagCodes = [
  'type_mismatch',
  'format_not_requested',
  'over_upload_limit',
  'late',
  'duplicate_exact',
  'near_duplicate',
  'possibly_edited',
  'unreadable',
  'unsupported_type',
  // Not a seed rule but a gap in the checks: a media tool this computer lacks left some undone.
  'incomplete_analysis',
] as const;

/** A stable reason evidence is suspect. */
export type EvidenceFlagCode = (typeof evidenceFlagCodes)[number];

/** Narrows an untrusted string to a flag code. */
export function isEvidenceFlagCode(code: string): code is EvidenceFlagCode {
  return (evidenceFlagCodes as readonly string[]).includes(code);
}

/**
 * One flag: its code, an English sentence for logs and scripts, and the facts behind it
 * (the renderer builds its own sentence in the user's language from `code` and `details`).
 */
export const evidenceFlagSchema = z.object({
  code: z.enum(evidenceFlagCodes),
  reason: boundedText(textLimits.shortText).min(1),
  details: z
    .record(boundedText(textLimits.identifier), z.union([boundedText(textLimits.shortText), z.number()]))
    .refine((details) => Object.keys(details).length <= listLimits.short, { error: `At most ${listLimits.short} details.` }),
});
/** A flag on a piece of evidence. */
export type EvidenceFlag = z.infer<typeof evidenceFlagSchema>;

/**
 * What the case service had to check an item with: its bytes (`checked`), nothing because it is
 * a link not fetched yet (`no_file`), or nothing because the desk could never send the file
 * (`not_sent_too_large`, `not_sent_missing`; decision 0021). Without bytes only the checks that
 * need none are made.
 */
export const serviceFileStates = ['checked', 'no_file', 'not_sent_too_large', 'not_sent_missing'] as const;

/**
 * The checks the case service made itself when it received an item, from the bytes it holds and
 * its own clock, beside the desk's `flags`. `late` here is as of `checkedAt` against the due date
 * then; what decides lateness afterwards is the live rule in lateness.ts.
 */
export const serviceFindingsSchema = z.object({
  checkedAt: z.iso.datetime({ offset: false }),
  file: z.enum(serviceFileStates),
  /** The type the service sniffed from the bytes, when it had them and knew the type. */
  sniffedType: boundedText(textLimits.mediaType).optional(),
  /** The size of the bytes the service holds. */
  sizeBytes: z.number().int().nonnegative().optional(),
  flags: z.array(evidenceFlagSchema).max(listLimits.short),
});
/** The case service's own findings on an item. */
export type ServiceFindings = z.infer<typeof serviceFindingsSchema>;

/** The seed's upload limit: at most 2 MB per upload, or else a valid external link. */
export const uploadLimitBytes = 2 * 1000 * 1000;

/**
 * Why a file could not be brought into the store at all. Unlike a flag, nothing was kept, so
 * each message says what to do instead. Stable codes, printed by the CLI.
 */
export const ingestErrorCodes = [
  'empty_file',
  'is_directory',
  'not_a_file',
  'not_found',
  'permission_denied',
  'changed_while_reading',
  'outside_folder',
  'too_large',
  'no_space',
  'cancelled',
  'read_failed',
  'link_refused',
  'download_failed',
] as const;

/** A stable reason a file was not ingested. */
export type IngestErrorCode = (typeof ingestErrorCodes)[number];

/** A per-file ingestion failure: the code and a sentence a person can act on. */
export const ingestErrorSchema = z.object({ code: z.enum(ingestErrorCodes), message: z.string().min(1) });
/** A per-file ingestion failure. */
export type IngestError = z.infer<typeof ingestErrorSchema>;

/** What a file's bytes are, by the kind of evidence they can be. */
export function evidenceKindOf(mediaType: string): EvidenceKind | null {
  if (supportedMediaTypes.image.has(mediaType)) return 'photo';
  if (supportedMediaTypes.video.has(mediaType)) return 'video';
  if (supportedMediaTypes.document.has(mediaType)) return 'document';
  return null;
}

/** The types the desk can analyse and show, by kind. Anything else is `unsupported_type`. */
const supportedMediaTypes = {
  image: new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff', 'image/heic', 'image/heif']),
  video: new Set(['video/mp4', 'video/quicktime', 'video/webm', 'video/x-matroska', 'video/matroska', 'video/x-msvideo', 'video/vnd.avi', 'video/x-ms-asf', 'video/3gpp', 'video/mpeg', 'video/mp2t', 'video/ogg']),
  document: new Set(['application/pdf', 'text/plain']),
};

/** File name extensions that mean the same thing, so `photo.jpeg` holding a JPEG is no mismatch. */
const extensionAliases: Record<string, string> = { jpeg: 'jpg', jpe: 'jpg', tif: 'tiff', m4v: 'mp4', qt: 'mov', heif: 'heic', txt: 'txt', text: 'txt' };

function normalisedExtension(ext: string): string {
  const lower = ext.toLowerCase();
  return extensionAliases[lower] ?? lower;
}

/** The extension of a file name, lowercased, or null when it has none. */
export function extensionOf(fileName: string): string | null {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Plain text has no magic number: a file is taken as text only when its name says text and its
 * bytes read as UTF-8 (`readsAsUtf8`: each runtime asks its own decoder; this folder has none).
 * For a type sniffer that found nothing; the desk and the case service both ask here.
 */
export function plainTextType(fileName: string | undefined, readsAsUtf8: () => boolean): { mediaType: string; ext: string } | null {
  if (fileName === undefined || !['txt', 'text', 'csv', 'eml'].includes(extensionOf(fileName) ?? '')) return null;
  return readsAsUtf8() ? { mediaType: 'text/plain', ext: 'txt' } : null;
}

/** `type_mismatch`: the name says one type and the bytes another (a renamed file). */
export function typeMismatchFlag(fileName: string, sniffed: { ext: string; mediaType: string } | null): EvidenceFlag | null {
  const claimed = extensionOf(fileName);
  if (claimed === null || sniffed === null) return null;
  if (normalisedExtension(claimed) === normalisedExtension(sniffed.ext)) return null;
  return {
    code: 'type_mismatch',
    reason: `The file is named .${claimed} but its bytes are ${sniffed.mediaType} (.${sniffed.ext}). Ask the party why it was renamed.`,
    details: { claimedExtension: claimed, actualType: sniffed.mediaType },
  };
}

/**
 * The kind a request asks for, for the "format not requested" check. The seed says a video when a
 * video is asked, so a request naming video among others still wants the video; a request naming
 * one kind wants that kind; otherwise any of its kinds will do and nothing is checked.
 */
export function requestedKindOf(request: { kinds: readonly EvidenceKind[] }): EvidenceKind | undefined {
  if (request.kinds.includes('video')) return 'video';
  return request.kinds.length === 1 ? request.kinds[0] : undefined;
}

/** `format_not_requested`: the request asked for one kind (a video) and this is another. */
export function formatNotRequestedFlag(requested: EvidenceKind | undefined, actual: EvidenceKind | null): EvidenceFlag | null {
  if (requested === undefined || actual === null || requested === actual) return null;
  return {
    code: 'format_not_requested',
    reason: `A ${requested} was requested and this is a ${actual}. The seed asks for evidence in the requested format.`,
    details: { requested, actual },
  };
}

/** `over_upload_limit`: over the seed's 2 MB through the upload channel (a link is the way). */
export function overUploadLimitFlag(channel: 'upload' | 'external_link', sizeBytes: number): EvidenceFlag | null {
  if (channel !== 'upload' || sizeBytes <= uploadLimitBytes) return null;
  return {
    code: 'over_upload_limit',
    reason: `Uploaded at ${(sizeBytes / 1e6).toFixed(1)} MB, over the 2 MB upload limit; the seed asks for a valid external link instead.`,
    details: { sizeBytes, limitBytes: uploadLimitBytes },
  };
}

/** `late`: submitted after the request's due date. */
export function lateFlag(submittedAt: string, dueAt: string | undefined): EvidenceFlag | null {
  if (dueAt === undefined || Date.parse(submittedAt) <= Date.parse(dueAt)) return null;
  return {
    code: 'late',
    reason: `Submitted ${submittedAt}, after the due date ${dueAt}. Cite it in a ruling only with an override reason.`,
    details: { submittedAt, dueAt },
  };
}

/** Where else the same bytes were submitted. */
export interface EarlierSubmission {
  disputeId: string;
  party: 'buyer' | 'seller';
  submittedAt: string;
}

/**
 * `duplicate_exact`: the same bytes were already submitted in another case, or by the other
 * party of this one (the seed's "repeated" evidence). The same party resubmitting in the same
 * case is the same item, not a flag.
 */
export function duplicateExactFlag(disputeId: string, party: 'buyer' | 'seller', earlier: EarlierSubmission[]): EvidenceFlag | null {
  const other = earlier.find((seen) => seen.disputeId !== disputeId || seen.party !== party);
  if (other === undefined) return null;
  const where = other.disputeId === disputeId ? `by the ${other.party} in this case` : `in case ${other.disputeId} (by the ${other.party})`;
  return {
    code: 'duplicate_exact',
    reason: `The same file was already submitted ${where} on ${other.submittedAt}.`,
    details: { otherDisputeId: other.disputeId, otherParty: other.party, otherSubmittedAt: other.submittedAt },
  };
}

/** Control characters and the bidirectional controls that make `gpj.exe` read as `exe.jpg`. */
// eslint-disable-next-line no-control-regex
const unsafeNameCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name a file is shown and recorded under: its last path segment only (a name like
 * `../../x` names nothing outside), with control and direction-override characters made
 * visible as U+FFFD so a name cannot disguise its real extension.
 */
export function displayFileName(name: string): string {
  const last = name.split(/[\\/]/).filter((part) => part !== '' && part !== '.' && part !== '..').at(-1) ?? '';
  const safe = last.replace(unsafeNameCharacters, '\uFFFD').slice(0, 255);
  return safe === '' ? 'unnamed' : safe;
}
