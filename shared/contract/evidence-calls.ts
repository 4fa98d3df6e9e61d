import { z } from 'zod';
import { evidenceFlagSchema, ingestErrorSchema } from '../domain/evidence-checks';
import { evidenceKindSchema, partySchema, sha256Schema, timestampSchema } from '../domain/model';

/** The case, party and request files are brought in for. */
export const ingestContextSchema = z.object({
  disputeId: z.string().min(1),
  party: partySchema,
  requested: evidenceKindSchema.optional(),
  dueAt: timestampSchema.optional(),
  channel: z.enum(['upload', 'external_link']),
  submittedAt: timestampSchema.optional(),
});
/** The case, party and request files are brought in for. */
export type IngestContextInput = z.infer<typeof ingestContextSchema>;

/** What ingesting one file gave. */
export const ingestOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    fileName: z.string(),
    sha256: sha256Schema,
    sizeBytes: z.number().int().nonnegative(),
    mediaType: z.string().nullable(),
    kind: evidenceKindSchema.nullable(),
    flags: z.array(evidenceFlagSchema),
    existed: z.boolean(),
  }),
  z.object({ ok: z.literal(false), fileName: z.string(), error: ingestErrorSchema }),
]);
/** What ingesting one file gave. */
export type IngestOutcomeValue = z.infer<typeof ingestOutcomeSchema>;

/** A job's progress, file by file. */
export const ingestJobProgressSchema = z.object({
  jobId: z.string(),
  files: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['queued', 'reading', 'done', 'failed', 'cancelled']),
      bytesDone: z.number().nonnegative(),
      bytesTotal: z.number().nonnegative().nullable(),
      outcome: ingestOutcomeSchema.nullable(),
    }),
  ),
  finished: z.boolean(),
});
/** A job's progress. */
export type IngestJobProgressValue = z.infer<typeof ingestJobProgressSchema>;

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

/** What the desk knows about a stored object, for the evidence list and the viewer. */
export const evidenceDescriptionSchema = z.object({
  sha256: sha256Schema,
  sizeBytes: z.number().int().nonnegative(),
  mediaType: nullableString,
  kind: evidenceKindSchema.nullable(),
  image: z
    .object({
      width: z.number().optional(),
      height: z.number().optional(),
      format: z.string().optional(),
      camera: nullableString.optional(),
      software: nullableString.optional(),
      capturedAt: nullableString.optional(),
      modifiedAt: nullableString.optional(),
    })
    .nullable(),
  video: z
    .object({
      container: z.string(),
      codec: nullableString,
      durationSeconds: nullableNumber,
      width: nullableNumber,
      height: nullableNumber,
      frameRate: nullableNumber,
      createdAt: nullableString,
      encoder: nullableString,
    })
    .nullable(),
  /** URLs the renderer may load the bytes from; it never builds them itself. */
  mediaUrl: z.string(),
  thumbnailUrl: nullableString,
  posterUrl: nullableString,
  /** A playable copy (H.264 MP4) made for a video Chromium cannot play; the original stays the evidence. */
  playableUrl: nullableString,
  /** Whether this machine can make a playable copy (its ffmpeg can be used). */
  canMakePlayable: z.boolean(),
  submissions: z.array(
    z.object({
      disputeId: z.string(),
      party: partySchema,
      fileName: z.string(),
      channel: z.enum(['upload', 'external_link']),
      submittedAt: z.string(),
      url: nullableString,
      flags: z.array(evidenceFlagSchema),
    }),
  ),
});
/** What the desk knows about a stored object. */
export type EvidenceDescription = z.infer<typeof evidenceDescriptionSchema>;

/**
 * The most a file held only in memory (a snapshot, a picture dragged out of a web page) may be
 * when its bytes travel in one desk call. Files on disk have no such cap: they are read by path.
 */
export const maxInMemoryFileBytes = 64 * 1024 * 1024;

const inMemoryBytesSchema = z
  .instanceof(Uint8Array, {
    message: 'bytes must be the file itself as binary data (a Uint8Array); over HTTP, send it as the body of POST /api/evidence/bytes/<job>?name=<file name>.',
  })
  .refine((bytes) => bytes.byteLength > 0, { message: 'The file is empty; there is nothing to bring in. Capture or save it again.' })
  .refine((bytes) => bytes.byteLength <= maxInMemoryFileBytes, {
    message: `A file brought in from memory may be at most ${maxInMemoryFileBytes / 1024 / 1024} MiB. Save it to disk and drop or choose the saved file instead.`,
  });

/** An unpaired UTF-16 surrogate: a file system would read it as U+FFFD and open another file. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A path on this computer: no NUL (Node refuses one deep inside a job, as a bug) and no lone
 * surrogate, so a path that cannot name a file is refused here, before a job starts.
 */
const localPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !value.includes('\u0000'), { message: 'A file path cannot contain a NUL character.' })
  .refine((value) => !loneSurrogate.test(value), { message: 'A file path must be valid Unicode text.' });

/** The evidence calls, merged into the desk contract. */
export const evidenceCalls = {
  /**
   * Brings files and folders (by path) into a case; `open` keeps the job open for uploads and
   * in-memory files. In the Electron host only the preload's user-files channel may carry it.
   */
  'evidence.ingest': {
    request: z.object({ context: ingestContextSchema, paths: z.array(localPathSchema).max(10_000), open: z.boolean().default(false) }).strict(),
    response: z.object({ jobId: z.string() }),
  },
  /**
   * Adds one file held in memory (no path on disk: a snapshot, a picture dragged out of a web
   * page) to an open job, by its bytes. `added` is false when there is no open job with that id.
   * The file's type is found from its bytes, as for every file; none is declared.
   */
  'evidence.ingestBytes': {
    request: z.object({ jobId: z.string().min(1), name: z.string().min(1).max(255), bytes: inMemoryBytesSchema }).strict(),
    response: z.object({ added: z.boolean() }),
  },
  /**
   * Asks the user for a folder (the host's own dialog, never a path from the page) and brings
   * it in, subfolders included. `unavailable` where the host has no dialog (the browser host,
   * where the folder is typed and sent with `evidence.ingest`).
   */
  'evidence.chooseFolder': {
    request: z.object({ context: ingestContextSchema }).strict(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('started'), jobId: z.string() }),
      z.object({ status: z.literal('cancelled') }),
      z.object({ status: z.literal('unavailable'), message: z.string() }),
    ]),
  },
  /** Fetches an external link into the store. */
  'evidence.fetchLink': {
    request: z.object({ context: ingestContextSchema, url: z.string().min(1).max(4096) }).strict(),
    response: z.object({ jobId: z.string() }),
  },
  /** Checks a link without opening it. */
  'evidence.checkLink': {
    request: z.object({ url: z.string().max(4096) }).strict(),
    response: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), url: z.string(), host: z.string() }), z.object({ ok: z.literal(false), reason: z.string() })]),
  },
  'evidence.job': {
    request: z.object({ jobId: z.string().min(1) }).strict(),
    response: ingestJobProgressSchema.nullable(),
  },
  /** Says no more uploads will be added to an open job. */
  'evidence.seal': {
    request: z.object({ jobId: z.string().min(1) }).strict(),
    response: z.object({ sealed: z.boolean() }),
  },
  'evidence.cancel': {
    request: z.object({ jobId: z.string().min(1) }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  'evidence.describe': {
    request: z.object({ sha256: sha256Schema }).strict(),
    response: evidenceDescriptionSchema.nullable(),
  },
  /** Everything brought into one case on this machine, with its flags. */
  'evidence.ofCase': {
    request: z.object({ disputeId: z.string().min(1) }).strict(),
    response: z.array(evidenceDescriptionSchema),
  },
  /**
   * Sends a stored object's bytes to the case service (PUT /blobs/<sha256>) with the signed-in
   * user's token, before the `evidence.add` change that names it is pushed.
   */
  'evidence.upload': {
    request: z.object({ sha256: sha256Schema, token: z.string().min(1) }).strict(),
    response: z.object({
      status: z.enum(['stored', 'too_large', 'missing', 'unreachable', 'unauthorized', 'no_service']),
      message: z.string(),
    }),
  },
  /**
   * Brings a file the case service holds (PUT by another desk, or the marketplace's) into this
   * computer's store, so it can be viewed offline. Recorded as an object, not as a submission.
   */
  'evidence.download': {
    request: z.object({ sha256: sha256Schema, token: z.string().min(1) }).strict(),
    response: z.object({
      status: z.enum(['stored', 'missing', 'unreachable', 'unauthorized', 'no_service', 'corrupt']),
      message: z.string(),
    }),
  },
  /** Starts making a playable copy of a video; follow it with `evidence.task`. */
  'evidence.makePlayable': {
    request: z.object({ sha256: sha256Schema }).strict(),
    response: z.object({ taskId: z.string() }),
  },
  'evidence.task': {
    request: z.object({ taskId: z.string().min(1) }).strict(),
    response: z
      .object({
        status: z.enum(['running', 'done', 'failed']),
        /** 0 to 1, when it can be known. */
        progress: z.number().min(0).max(1).nullable(),
        message: z.string(),
      })
      .nullable(),
  },
  /** Re-hashes the store and checks the index against it. */
  'evidence.verify': {
    request: z.object({}).strict(),
    response: z.object({
      ok: z.boolean(),
      checked: z.number(),
      mismatched: z.array(z.string()),
      strays: z.array(z.string()),
      missingObjects: z.array(z.string()),
      danglingRows: z.number(),
    }),
  },
  'settings.get': {
    request: z.object({}).strict(),
    response: z.object({ linkHosts: z.array(z.string()) }),
  },
  'settings.update': {
    request: z.object({ linkHosts: z.array(z.string().min(1).max(253)).max(200) }).strict(),
    response: z.object({ linkHosts: z.array(z.string()) }),
  },
} as const;
