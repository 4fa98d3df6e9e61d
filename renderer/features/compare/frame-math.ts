// Frames and times for the viewer's one transport. Kept free of the DOM so the arithmetic that
// decides which frame a reviewer sees is tested on its own.

/** The frame rate assumed when a video's metadata names none (most phone video is near 30). */
export const fallbackFrameRate = 30;

/**
 * Tolerance added before flooring: a time written as frame/fps comes back as 4.999999… for some
 * frame rates, and must still count as that frame, not the one before.
 */
const epsilon = 1e-6;

/** A video pane's clock: its frame rate and its offset from the shared timeline, in its own frames. */
export interface PaneClock {
  fps: number;
  offsetFrames: number;
}

/** The frame rate to step by: the metadata's when it is a usable number, else the fallback. */
export function frameRateOf(facts: { frameRate: number | null } | null | undefined): number {
  const rate = facts?.frameRate;
  return typeof rate === 'number' && Number.isFinite(rate) && rate > 0 && rate <= 1000 ? rate : fallbackFrameRate;
}

/** The index of the frame showing at `seconds` (0-based). */
export function frameAt(seconds: number, fps: number): number {
  return Math.max(0, Math.floor(seconds * fps + epsilon));
}

/**
 * Where to seek to show frame `frame`: its middle. Seeking to a frame's first instant can land on
 * the frame before when the container's timestamps are rounded; its middle cannot.
 */
export function midFrameTime(frame: number, fps: number): number {
  return (Math.max(0, frame) + 0.5) / fps;
}

/** The index of the last frame of a video `duration` seconds long. */
export function lastFrame(duration: number, fps: number): number {
  return Math.max(0, Math.ceil(duration * fps - epsilon) - 1);
}

/**
 * The shared timeline's time when the leader shows `leaderSeconds`. The timeline is the leader's
 * own time minus its offset, so moving the leader's offset moves the leader, not everyone else.
 */
export function timelineAt(leaderSeconds: number, leader: PaneClock): number {
  return leaderSeconds - leader.offsetFrames / leader.fps;
}

/** The frame pane `clock` should show at timeline time `timeline`, before clamping to the video. */
export function paneFrameAt(timeline: number, clock: PaneClock): number {
  return Math.floor(timeline * clock.fps + epsilon) + clock.offsetFrames;
}

/**
 * Where a paused pane seeks to for timeline time `timeline`: the middle of the frame its offset
 * asks for, kept inside the video. Each pane uses its own frame rate, so two videos of different
 * rates each land on a whole frame of their own.
 */
export function paneSeekTarget(timeline: number, clock: PaneClock, duration: number): number {
  const last = Number.isFinite(duration) && duration > 0 ? lastFrame(duration, clock.fps) : Number.POSITIVE_INFINITY;
  const frame = Math.min(Math.max(0, paneFrameAt(timeline, clock)), last);
  return midFrameTime(frame, clock.fps);
}

/** Where a playing pane should be at timeline time `timeline`: continuous, not snapped to a frame. */
export function panePlayTime(timeline: number, clock: PaneClock): number {
  return timeline + clock.offsetFrames / clock.fps;
}

/** The timeline time at which the leader shows the middle of its frame `frame`. */
export function timelineOfLeaderFrame(frame: number, leader: PaneClock): number {
  return timelineAt(midFrameTime(frame, leader.fps), leader);
}

/** What to do about a playing follower whose time has drifted from where the leader says it should be. */
export type FollowerCorrection =
  | { kind: 'none' }
  /** Play at this rate for a while: catches up smoothly without a visible jump. */
  | { kind: 'nudge'; playbackRate: number }
  /** Too far off to catch up smoothly: jump there. */
  | { kind: 'seek'; to: number }
  /** The leader's time is outside this video (before its start or after its end): hold it there. */
  | { kind: 'hold'; at: number };

/** Beyond this drift a follower jumps instead of catching up, seconds (or eight frames, if longer). */
const jumpBeyondSeconds = 0.3;
/** Seconds over which a nudge aims to close the drift. */
const catchUpSeconds = 0.5;
/** How far a nudge may move the rate from the chosen speed, as a share of it. */
const maxNudgeShare = 0.25;
/** Chromium's playable rate range. */
const minRate = 0.0625;
const maxRate = 16;

/**
 * How to correct a playing follower. Within half a frame it is in sync and plays at `rate`;
 * a little off, its rate is nudged (faster when behind, slower when ahead) so the picture never
 * jumps; far off (after a stall, say) it seeks. A follower still seeking is left alone: its
 * time is already the target, and correcting it again would only restart the seek.
 */
export function followerCorrection(input: {
  followerTime: number;
  target: number;
  duration: number;
  fps: number;
  rate: number;
  currentRate: number;
  seeking: boolean;
}): FollowerCorrection {
  const { followerTime, target, duration, fps, rate, currentRate, seeking } = input;
  if (target < 0) return { kind: 'hold', at: 0 };
  if (Number.isFinite(duration) && duration > 0 && target >= duration) return { kind: 'hold', at: duration };
  if (seeking) return { kind: 'none' };
  const drift = followerTime - target;
  const halfFrame = 0.5 / fps;
  if (Math.abs(drift) <= halfFrame) return currentRate === rate ? { kind: 'none' } : { kind: 'nudge', playbackRate: rate };
  if (Math.abs(drift) > Math.max(jumpBeyondSeconds, 8 / fps) * Math.max(1, rate)) return { kind: 'seek', to: target };
  const wanted = rate - drift / catchUpSeconds;
  const bounded = Math.min(rate * (1 + maxNudgeShare), Math.max(rate * (1 - maxNudgeShare), wanted));
  return { kind: 'nudge', playbackRate: Math.min(maxRate, Math.max(minRate, bounded)) };
}

/** The speeds the transport offers, slowest first. */
export const speeds = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4] as const;

/** The next speed up (`direction` 1) or down (-1) from `current`, staying within the offered range. */
export function nextSpeed(current: number, direction: 1 | -1): number {
  if (direction === 1) return speeds.find((speed) => speed > current + 1e-9) ?? speeds[speeds.length - 1]!;
  return [...speeds].reverse().find((speed) => speed < current - 1e-9) ?? speeds[0]!;
}

/** A time as the readout writes it: mm:ss.mmm, with hours in front when there are any. */
export function formatClock(seconds: number): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const secs = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(secs).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** An offset typed in seconds, as whole frames of a pane running at `fps`. */
export function framesOfSeconds(seconds: number, fps: number): number {
  return Math.round(seconds * fps);
}
