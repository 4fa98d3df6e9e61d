// A video track's frames as the container lists them, in the order they are shown, with what it
// takes to decode each one. A frame is its sample: its index counts samples in presentation order
// and its time is the container's, so a variable-frame-rate phone video steps through the pictures
// it really has, and "frame 1234" names the same picture on every computer.
//
// Pure: the demuxer's sample table goes in (decoder/frame-source.ts reads it with mediabunny), so
// B-frame reordering and VFR are tested with plain tables.
import { FrameSourceError } from './frame-source-error';

/** One sample of the track as the demuxer gives it, listed in DECODE order. */
export interface TrackSample {
  /** Presentation time in seconds, from the container. */
  timestamp: number;
  /** Duration in seconds, from the container (may be 0 where the container does not say). */
  duration: number;
  /** Whether the sample decodes on its own (a sync sample / keyframe). */
  key: boolean;
  /** Its size in bytes, where the demuxer says (0 where not). */
  bytes?: number;
}

/** One frame in presentation order. */
export interface IndexedFrame {
  /** Position in presentation order, from 0. */
  index: number;
  /** Presentation time in seconds, from the container. */
  timestamp: number;
  /** How long it is shown: until the next frame starts; the last one keeps the container's. */
  duration: number;
  key: boolean;
  /** Position in decode order: where its sample sits in the track. */
  decodeIndex: number;
  /** Its sample's size in bytes (0 where the demuxer did not say). */
  bytes: number;
}

/** A track's frames, in presentation order, and the way back from decode order. */
export interface FrameIndex {
  frames: readonly IndexedFrame[];
  /** `presentationOf[decodeIndex]` is that sample's frame index. */
  presentationOf: readonly number[];
  /** End of the last frame, in seconds. */
  end: number;
}

/** What to feed a decoder to get one frame. */
export interface DecodeRun {
  /** The frame asked for. */
  target: number;
  /** The keyframe (frame index) decoding starts from. */
  keyframe: number;
  /** Decode indices to feed, in order: from the keyframe's sample to the target's, both included. */
  firstDecode: number;
  lastDecode: number;
  /**
   * Frame indices the run yields correctly, in presentation order (the target among them). Frames
   * the run decodes but that show before its keyframe (open-GOP leading pictures) may refer to the
   * previous group, so they are not listed: their pictures cannot be trusted from this run.
   */
  yields: readonly number[];
  /** The bytes of the samples fed, from the demuxer's sizes: what the run reads. */
  bytes: number;
}

/**
 * Builds the frame index from a track's samples in decode order. Refuses a table with no samples,
 * one whose first sample is not a keyframe (nothing before it to decode from), times that are not
 * finite, or two frames at the same time (a frame could not be told from the other).
 */
export function buildFrameIndex(samples: readonly TrackSample[]): FrameIndex {
  if (samples.length === 0) throw new FrameSourceError('no_frames', {});
  if (!samples[0]!.key) throw new FrameSourceError('bad_timestamps', { reason: 'first_not_key' });
  const order = samples.map((_, decodeIndex) => decodeIndex);
  for (const sample of samples) {
    if (!Number.isFinite(sample.timestamp) || !Number.isFinite(sample.duration)) {
      throw new FrameSourceError('bad_timestamps', { reason: 'not_finite' });
    }
  }
  order.sort((a, b) => samples[a]!.timestamp - samples[b]!.timestamp || a - b);
  const presentationOf = new Array<number>(samples.length);
  const frames: IndexedFrame[] = order.map((decodeIndex, index) => {
    const sample = samples[decodeIndex]!;
    const next = order[index + 1];
    const nextTime = next === undefined ? undefined : samples[next]!.timestamp;
    if (nextTime !== undefined && nextTime === sample.timestamp) {
      throw new FrameSourceError('bad_timestamps', { reason: 'duplicate', seconds: sample.timestamp });
    }
    presentationOf[decodeIndex] = index;
    // The container's sample duration is a decode-order delta (MP4's stts), which differs from how
    // long a frame is shown once B-frames reorder; the next frame's start is what the viewer shows.
    const duration = nextTime === undefined ? Math.max(0, sample.duration) : nextTime - sample.timestamp;
    return { index, timestamp: sample.timestamp, duration, key: sample.key, decodeIndex, bytes: sample.bytes ?? 0 };
  });
  const last = frames[frames.length - 1]!;
  return { frames, presentationOf, end: last.timestamp + last.duration };
}

/**
 * The frame shown at `seconds`: the last one starting at or before it. Before the first frame it
 * is the first; past the end, the last (a timeline clamps rather than showing nothing).
 */
export function frameAtTime(index: FrameIndex, seconds: number): number {
  const { frames } = index;
  let low = 0;
  let high = frames.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (frames[middle]!.timestamp <= seconds) low = middle;
    else high = middle - 1;
  }
  return low;
}

function frameOrThrow(index: FrameIndex, frame: number): IndexedFrame {
  const found = Number.isInteger(frame) ? index.frames[frame] : undefined;
  if (!found) throw new FrameSourceError('frame_out_of_range', { frame, count: index.frames.length });
  return found;
}

/** The decode index of the last keyframe at or before `decodeIndex` in decode order. */
function keyAtOrBefore(index: FrameIndex, decodeIndex: number): number {
  for (let at = decodeIndex; at > 0; at -= 1) {
    if (index.frames[index.presentationOf[at]!]!.key) return at;
  }
  return 0;
}

/**
 * The keyframe (frame index) to start decoding from to show `frame`: the last keyframe before it
 * in decode order — or the one before that when `frame` shows before that keyframe, since such a
 * leading picture (open GOP) may refer to the group before.
 */
export function keyframeFor(index: FrameIndex, frame: number): number {
  const wanted = frameOrThrow(index, frame);
  let key = keyAtOrBefore(index, wanted.decodeIndex);
  const keyFrame = index.frames[index.presentationOf[key]!]!;
  if (wanted.timestamp < keyFrame.timestamp && key > 0) key = keyAtOrBefore(index, key - 1);
  return index.presentationOf[key]!;
}

/**
 * The samples to feed, from the right keyframe, to decode `frame`, and the frames that yields.
 * With `through` beyond `frame`, the run goes on until every frame up to `through` (kept inside
 * the video) is decoded too: one run then fills the frames a step or playback will want next,
 * rather than a run per frame each starting again at the keyframe.
 */
export function decodeRun(index: FrameIndex, frame: number, through = frame): DecodeRun {
  const wanted = frameOrThrow(index, frame);
  const keyframe = keyframeFor(index, frame);
  const start = index.frames[keyframe]!;
  let lastDecode = wanted.decodeIndex;
  const last = Math.min(Math.max(frame, Math.floor(through)), index.frames.length - 1);
  for (let ahead = frame + 1; ahead <= last; ahead += 1) lastDecode = Math.max(lastDecode, index.frames[ahead]!.decodeIndex);
  const yields: number[] = [];
  let bytes = 0;
  for (let at = start.decodeIndex; at <= lastDecode; at += 1) {
    const shown = index.presentationOf[at]!;
    bytes += index.frames[shown]!.bytes;
    if (index.frames[shown]!.timestamp >= start.timestamp) yields.push(shown);
  }
  yields.sort((a, b) => a - b);
  return { target: frame, keyframe, firstDecode: start.decodeIndex, lastDecode, yields, bytes };
}
