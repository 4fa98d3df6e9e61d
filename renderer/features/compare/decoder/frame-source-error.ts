// What can be wrong with a video the player opens, as stable codes with the facts a sentence needs.
// The words live in the locales (compare.decoder.*, problem-words.ts); the English message here is
// for logs only.

// Why a video cannot be opened or a frame cannot be shown:
// - no_video_track: no video track (audio only, or a file cut inside its header);
// - no_frames: the video track lists no samples;
// - unsupported_container: a format the demuxer does not read;
// - codec_unsupported: `VideoDecoder.isConfigSupported` refused the track, or there is no WebCodecs;
// - truncated: the file ends before bytes its own tables point at (or is empty);
// - dimensions_too_large: a side beyond what the player will allocate;
// - bad_timestamps: times that cannot index frames (not finite, repeated, no keyframe first);
// - no_range_support: the server ignores byte ranges, so the whole file would have to be read;
// - network: the media URL did not answer, or answered an error status;
// - decode_failed: the decoder failed on a frame the container listed;
// - frame_out_of_range: a frame index outside the video (a caller's bug, with the count);
// - closed: the source was closed while a frame was being made.
/** Every code a FrameSourceError can carry. */
export const frameSourceErrorCodes = [
  'no_video_track',
  'no_frames',
  'unsupported_container',
  'codec_unsupported',
  'truncated',
  'dimensions_too_large',
  'bad_timestamps',
  'no_range_support',
  'network',
  'decode_failed',
  'frame_out_of_range',
  'closed',
] as const;

/** Why a video cannot be opened or a frame cannot be shown (see the list above). */
export type FrameSourceErrorCode = (typeof frameSourceErrorCodes)[number];

/** The facts behind an error, by name; numbers and short codes only (no sentences). */
export type FrameSourceErrorParams = Record<string, string | number>;

/** Which problems the playable copy (an H.264 MP4 made by ffmpeg on the desk) can get round. */
const playableCopyHelps: ReadonlySet<FrameSourceErrorCode> = new Set<FrameSourceErrorCode>([
  'unsupported_container',
  'codec_unsupported',
  'dimensions_too_large',
  'bad_timestamps',
  'decode_failed',
]);

/** A typed failure of the frame source: a stable code, its facts, and whether a playable copy helps. */
export class FrameSourceError extends Error {
  override readonly name = 'FrameSourceError';
  readonly code: FrameSourceErrorCode;
  readonly params: FrameSourceErrorParams;
  /** Whether the viewer should offer to make the playable copy. */
  readonly offerPlayableCopy: boolean;

  constructor(code: FrameSourceErrorCode, params: FrameSourceErrorParams, options?: { cause?: unknown }) {
    const facts = Object.entries(params).map(([key, value]) => `${key}=${value}`).join(' ');
    super(`Frame source: ${code}${facts ? ` (${facts})` : ''}`, options);
    this.code = code;
    this.params = params;
    this.offerPlayableCopy = playableCopyHelps.has(code);
  }
}

/** Whether `error` is a frame source error (with `code`). */
export function isFrameSourceError(error: unknown): error is FrameSourceError {
  return error instanceof FrameSourceError;
}
