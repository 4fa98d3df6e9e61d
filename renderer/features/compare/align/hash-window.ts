// Which frames of a video "Suggest offset" hashes, and how far along it is. Evidence can be
// several gigabytes and hours long, and every frame hashed is a frame decoded, so the work is a
// window of each video, never the whole of it (decision 0026).

/**
 * Frames hashed from each video unless the caller asks otherwise: about 30 s at 30 fps. With
 * align.ts's default overlap (a quarter of the shorter window) that finds a trim of up to about
 * 22 s either way, which covers a platform cutting a few seconds off the start; decoding 900
 * frames of 1080p takes seconds, not minutes, on a reviewer's laptop.
 */
export const defaultWindowFrames = 900;

/**
 * The most frames hashed from one video whatever is asked: 3 minutes at 30 fps. The aligning is
 * every offset against every frame (quadratic), and a reviewer should not wait minutes for a hint.
 */
export const maxWindowFrames = 5_400;

/** The frames a caller asks to hash, by frame index (presentation order); both optional. */
export interface WindowRequest {
  /** The first frame to hash; 0 (the start of the video) by default. */
  startFrame?: number;
  /** How many frames to hash from there; `defaultWindowFrames` by default. */
  frames?: number;
}

/** The frames that will be hashed: `frames` frames from `startFrame`, all inside the video. */
export interface FrameWindow {
  startFrame: number;
  frames: number;
}

function wholeOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.floor(value) : fallback;
}

/**
 * The window to hash of a video with `frameCount` frames: the one asked for, moved and shortened
 * to fit inside the video and the limit. A request past the end keeps the last frame, so a window
 * is never empty while the video has a frame.
 */
export function chooseWindow(frameCount: number, request: WindowRequest = {}): FrameWindow {
  const count = Math.max(0, Math.floor(frameCount));
  const startFrame = Math.min(Math.max(0, wholeOr(request.startFrame, 0)), Math.max(0, count - 1));
  const wanted = Math.min(Math.max(1, wholeOr(request.frames, defaultWindowFrames)), maxWindowFrames);
  return { startFrame, frames: Math.min(wanted, count - startFrame) };
}

/** Where a suggestion is: opening both videos, hashing their frames, or comparing the hashes. */
export type AlignStage = 'opening' | 'hashing' | 'aligning';

/** Progress as the worker reports it: frames hashed of both windows together. */
export interface AlignProgress {
  stage: AlignStage;
  /** Frames hashed so far, both videos counted. */
  done: number;
  /** Frames to hash in all (both windows); 0 while the videos are still opening. */
  total: number;
}

/**
 * How far along, from 0 to 1, for a progress bar. Hashing is nearly all of the time (opening is a
 * few ranged reads, comparing is arithmetic on a few thousand numbers), so the fraction is simply
 * the share of frames hashed.
 */
export function progressFraction(progress: AlignProgress): number {
  if (progress.stage === 'aligning') return 1;
  if (progress.stage === 'opening' || progress.total <= 0) return 0;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}
