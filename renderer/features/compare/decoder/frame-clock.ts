// Where a decoded pane is on the viewer's shared timeline. The timeline runs in seconds (a pane of
// any frame rate can sit on it); a decoded pane maps it to a frame by the container's timestamps,
// never by time × fps, and shifts by its offset in whole frames of its own. Pure, so the arithmetic
// that picks the picture a reviewer sees is tested on its own.
import { frameAtTime, type FrameIndex } from './frame-index';

/** The mean length of a frame: what the timeline uses before the first frame and after the last. */
export function meanFrameSeconds(index: FrameIndex): number {
  const { frames, end } = index;
  const span = end - frames[0]!.timestamp;
  return span > 0 ? span / frames.length : 1 / 30;
}

/** The frames per second a reader is told (and the slider steps by): the mean rate. */
export function meanFrameRate(index: FrameIndex): number {
  return 1 / meanFrameSeconds(index);
}

/**
 * The frame of the video (unclamped) showing at its own second `seconds`: inside the video, the
 * container's frame; before the first frame or after the last, counted on in mean frames, so an
 * offset can move a pane's start before or after the timeline's.
 */
export function frameAtSeconds(index: FrameIndex, seconds: number): number {
  const { frames, end } = index;
  const first = frames[0]!.timestamp;
  const mean = meanFrameSeconds(index);
  if (seconds < first) return Math.floor((seconds - first) / mean + 1e-9);
  if (seconds >= end) return frames.length + Math.floor((seconds - end) / mean + 1e-9);
  return frameAtTime(index, seconds);
}

/** Where frame `frame` (unclamped) starts: the container's time inside the video, mean frames outside. */
export function secondsOfFrame(index: FrameIndex, frame: number): number {
  const { frames, end } = index;
  if (frame < 0) return frames[0]!.timestamp + frame * meanFrameSeconds(index);
  if (frame >= frames.length) return end + (frame - frames.length) * meanFrameSeconds(index);
  return frames[frame]!.timestamp;
}

/** The frame a pane with `offsetFrames` shows at timeline time `timeline`, kept inside the video. */
export function decodedFrameAt(index: FrameIndex, offsetFrames: number, timeline: number): number {
  const frame = frameAtSeconds(index, timeline) + offsetFrames;
  return Math.min(Math.max(0, frame), index.frames.length - 1);
}

/** The timeline time at which a pane with `offsetFrames` shows the start of its frame `frame`. */
export function timelineOfDecodedFrame(index: FrameIndex, offsetFrames: number, frame: number): number {
  return secondsOfFrame(index, frame - offsetFrames);
}

/** Whether a pane with `offsetFrames` is past its last frame at timeline time `timeline`. */
export function endedAt(index: FrameIndex, offsetFrames: number, timeline: number): boolean {
  return frameAtSeconds(index, timeline) + offsetFrames >= index.frames.length;
}
