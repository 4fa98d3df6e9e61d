import { z } from 'zod';

/** The media tools the desk runs on evidence: ffprobe reads a video's container, ffmpeg decodes its frames. */
export const mediaToolNames = ['ffmpeg', 'ffprobe'] as const;

/** One of the media tools. */
export type MediaToolName = (typeof mediaToolNames)[number];

/**
 * Why a tool cannot be used, as a stable code: no binary was found (neither bundled for this
 * platform nor on the PATH), one was found but may not be run, or it ran and did not answer as
 * that tool does.
 */
export const mediaToolProblemCodes = ['not_found', 'not_executable', 'failed'] as const;

/** A stable reason a media tool is missing. */
export type MediaToolProblemCode = (typeof mediaToolProblemCodes)[number];

/**
 * A media tool in use (its path, the version it reports, and whether it came with the app or from
 * the PATH), or why there is none: the code, an English sentence for logs and scripts, and the
 * binary that was tried, if any (the renderer builds its own sentence from `code` and `path`).
 */
export const mediaToolStatusSchema = z.union([
  z.object({ path: z.string().min(1), version: z.string().min(1), source: z.enum(['bundled', 'path']) }).strict(),
  z.object({ missing: z.object({ code: z.enum(mediaToolProblemCodes), message: z.string().min(1), path: z.string().nullable() }).strict() }).strict(),
]);

/** A media tool in use, or why it is missing. */
export type MediaToolStatus = z.infer<typeof mediaToolStatusSchema>;

/** Which ffmpeg and ffprobe this installation uses, as `app.info` reports them. */
export const mediaToolsSchema = z.object({ ffmpeg: mediaToolStatusSchema, ffprobe: mediaToolStatusSchema }).strict();

/** Which ffmpeg and ffprobe this installation uses. */
export type MediaTools = z.infer<typeof mediaToolsSchema>;
