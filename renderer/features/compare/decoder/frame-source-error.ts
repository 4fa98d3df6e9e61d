// What can be wrong with a video the player opens, as stable codes with the facts a sentence needs.
// The words live in the locales (compare.decoder.*, problem-words.ts); the English message here is
// for logs only.

/** Why a video cannot be opened or a frame cannot be shown. */
export type FrameSourceErrorCode =
  /** The file has no video track (audio only, or not a media file the demuxer knows). */
  | 'no_video_track'
  /** The video track lists no samples. */
  | 'no_frames'
  /** The format is not one the demuxer reads. */
  | 'unsupported_container'
  /** `VideoDecoder.isConfigSupported` refused the track's codec, or there is no WebCodecs here. */
  | 'codec_unsupported'
  /** The file ends before bytes its own tables point at. */
  | 'truncated'
  /** A side of the picture is beyond what the player will allocate. */
  | 'dimensions_too_large'
  /** The track's times cannot index frames: not finite, duplicated, or no keyframe first. */
  | 'bad_timestamps'
  /** The server does not answer byte ranges, so the player would have to read the whole file. */
  | 'no_range_support'
  /** The media URL did not answer, or answered an error status. */
  | 'network'
  /** The decoder failed on a frame the container listed. */
  | 'decode_failed'
  /** A frame index outside the video: a bug in the caller, reported with the count. */
  | 'frame_out_of_range'
  /** The source was closed while a frame was being made. */
  | 'closed';

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
