import { z } from 'zod';
import { evidenceFlagSchema, ingestErrorSchema } from '../domain/evidence-checks';
import { evidenceKindSchema, partySchema, sha256Schema, timestampSchema } from '../domain/model';
import { identifier } from '../domain/text';

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

/** One file moving between this computer and the case service, for the transfers list. */
export const transferFileSchema = z.object({
  sha256: sha256Schema,
  direction: z.enum(['download', 'upload']),
  /**
   * `waiting_for_space`: a background fetch held back by the space limit in Settings;
   * `stopped`: cut (offline, a full disk, signed out) and kept to continue later, `message` says why.
   */
  state: z.enum(['queued', 'running', 'waiting_for_space', 'stopped', 'failed', 'done']),
  /** Whether the user asked for it (a case or compare pane opened) rather than the background. */
  onDemand: z.boolean(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().nullable(),
  message: z.string().nullable(),
});
/** One file being transferred. */
export type TransferFile = z.infer<typeof transferFileSchema>;

/** All transfers now, and a summary for the status bar. */
export const transferProgressSchema = z.object({
  files: z.array(transferFileSchema),
  /** Files queued or moving now, and their bytes done and in all. */
  active: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  /** Background fetches held back because the space limit is reached. */
  waitingForSpace: z.number().int().nonnegative(),
  /** Set when the disk filled during a download: how many bytes to free for it to continue. */
  bytesToFree: z.number().nonnegative().nullable(),
});
/** All transfers now. */
export type TransferProgress = z.infer<typeof transferProgressSchema>;

/** The most files one `evidence.prefetch` may name (a team's queues, with room to spare). */
export const maxPrefetchFiles = 5_000;

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
  /**
   * Still arriving from the case service: `mediaUrl` plays what has arrived (the rest is fetched
   * as it is asked for); the analysis's facts come once the whole file is here.
   */
  arriving: z.boolean().optional(),
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

/** The most cases one `evidence.forget` names; the renderer sends more in several calls. */
export const maxForgetCases = 1_000;

/** The most files one `evidence.forget` names; the renderer sends more in several calls. */
export const maxForgetDigests = 10_000;

/** The most keyframe thumbnails one filmstrip call reads or keeps (a strip is at most a few dozen wide). */
export const maxFilmstripThumbnails = 16;

/** The largest filmstrip thumbnail kept, as WebP bytes: a strip picture is a few kilobytes. */
export const maxFilmstripThumbnailBytes = 32 * 1024;

/**
 * Which file's frames a filmstrip shows: the object itself, or its playable copy (a different
 * file, with frames of its own), at a height in device pixels.
 */
const filmstripOfSchema = z
  .object({
    sha256: sha256Schema,
    of: z.enum(['object', 'playable']),
    height: z.number().int().min(16).max(512),
  })
  .strict();

/** A frame index in presentation order, as the viewer counts them. */
const frameNumberSchema = z.number().int().nonnegative().max(100_000_000);

/** The least space limit Settings accepts for evidence fetched in the background: 1 GiB. */
export const minEvidenceSpaceLimitBytes = 1024 ** 3;

/** The space limit for evidence fetched in the background until one is set: 20 GiB. */
export const defaultEvidenceSpaceLimitBytes = 20 * 1024 ** 3;

/** The settings the renderer reads and changes. */
const deskSettingsSchema = z.object({ linkHosts: z.array(z.string()), evidenceSpaceLimitBytes: z.number().int().positive() });

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
   * Sends a stored object's bytes to the case service in resumable parts (decision 0020) with
   * the signed-in user's token, before the `evidence.add` change that names it is pushed, and
   * again when the push answers that the service waits for the file. `too_large`, `missing` and
   * `corrupt` are final: the record syncs and the file stays on this computer.
   */
  'evidence.upload': {
    request: z.object({ sha256: sha256Schema, token: z.string().min(1) }).strict(),
    response: z.object({
      status: z.enum(['stored', 'too_large', 'missing', 'corrupt', 'unreachable', 'unauthorized', 'no_service']),
      message: z.string(),
    }),
  },
  /**
   * Brings a file the case service holds into this computer's store before anything queued in
   * the background, resuming a partial download; answers when it is stored or stopped. Recorded
   * as an object, not as a submission.
   */
  'evidence.download': {
    request: z.object({ sha256: sha256Schema, token: z.string().min(1) }).strict(),
    response: z.object({
      status: z.enum(['stored', 'missing', 'unreachable', 'unauthorized', 'no_service', 'corrupt', 'disk_full', 'cancelled']),
      message: z.string(),
      /** With `disk_full`: bytes to free on this computer's disk. */
      bytesToFree: z.number().nonnegative().optional(),
    }),
  },
  /**
   * Starts a download without waiting for it (a video pane plays what has arrived, through its
   * `mediaUrl`) and answers the media type the service will send, or null when it has no such file.
   */
  'evidence.startDownload': {
    request: z.object({ sha256: sha256Schema, token: z.string().min(1) }).strict(),
    response: z.object({
      arriving: z.boolean(),
      mediaUrl: z.string().nullable(),
      mediaType: z.string().nullable(),
      sizeBytes: z.number().int().nonnegative().nullable(),
      message: z.string(),
    }),
  },
  /**
   * What to fetch in the background, most urgent first (evidence of cases in the user's queues
   * and second reviews assigned to them); it replaces the previous list. Fetching stays within
   * the space limit in Settings and never removes a file.
   */
  'evidence.prefetch': {
    request: z
      .object({
        token: z.string().min(1),
        files: z.array(z.object({ sha256: sha256Schema, sizeBytes: z.number().int().nonnegative().nullable() }).strict()).max(maxPrefetchFiles),
      })
      .strict(),
    response: z.object({ queued: z.number().int().nonnegative(), waitingForSpace: z.number().int().nonnegative() }),
  },
  /** Every transfer's progress and the status bar's summary. */
  'evidence.transfers': {
    request: z.object({}).strict(),
    response: transferProgressSchema,
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
  /**
   * The filmstrip thumbnails this computer keeps for a video, of those named in `frames`
   * (decision 0029). A frame with none kept is left out; the viewer makes it and keeps it.
   */
  'evidence.filmstrip': {
    request: filmstripOfSchema.extend({ frames: z.array(frameNumberSchema).min(1).max(maxFilmstripThumbnails) }).strict(),
    response: z.object({ thumbnails: z.array(z.object({ frame: frameNumberSchema, webp: z.base64() })) }),
  },
  /**
   * Keeps filmstrip thumbnails the viewer made (WebP pictures, as base64 so both hosts carry
   * them as JSON) beside the video in the store, so the next opening shows them at once.
   * `no_file` when the store does not hold that video (or its playable copy); a thumbnail that is
   * not a WebP picture is refused by frame, and the others kept.
   */
  'evidence.keepFilmstrip': {
    request: filmstripOfSchema
      .extend({
        thumbnails: z
          .array(z.object({ frame: frameNumberSchema, webp: z.base64().min(1).max(Math.ceil(maxFilmstripThumbnailBytes / 3) * 4) }).strict())
          .min(1)
          .max(maxFilmstripThumbnails),
      })
      .strict(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('kept'), kept: z.number().int().nonnegative(), refused: z.array(z.object({ frame: frameNumberSchema, reason: z.string() })) }),
      z.object({ status: z.literal('no_file'), message: z.string() }),
      z.object({ status: z.literal('full'), message: z.string() }),
    ]),
  },
  /**
   * Removes what this computer holds of cases the team's retention period has passed (issue 22):
   * their submissions, and of `digests` (and what the submissions named) every file no other
   * case's submission cites, with its thumbnails, copies and partial downloads.
   */
  'evidence.forget': {
    request: z
      .object({ disputeIds: z.array(identifier()).max(maxForgetCases), digests: z.array(sha256Schema).max(maxForgetDigests) })
      .strict(),
    response: z.object({ removedObjects: z.number().int().nonnegative(), bytesFreed: z.number().nonnegative() }),
  },
  /**
   * Removes every evidence file, derived file, partial download and index row from this computer
   * (signing out with "remove this team's data"). `busy` while files are being brought in or sent,
   * with nothing removed.
   */
  'evidence.forgetEverything': {
    request: z.object({}).strict(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('removed'), removedObjects: z.number().int().nonnegative(), bytesFreed: z.number().nonnegative() }),
      z.object({ status: z.literal('busy'), message: z.string() }),
    ]),
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
    response: deskSettingsSchema,
  },
  /** Changes the settings named; the others stay. */
  'settings.update': {
    request: z
      .object({
        linkHosts: z.array(z.string().min(1).max(253)).max(200).optional(),
        evidenceSpaceLimitBytes: z.number().int().min(minEvidenceSpaceLimitBytes).max(Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
    response: deskSettingsSchema,
  },
} as const;
