import { followerCorrection, panePlayTime, type PaneClock } from './frame-math';
import { createLogger } from '../../../shared/logger';

const log = createLogger('synced-video');

// What the transport does to one video element: its length, seeks that wait for the frame to show
// and queue behind each other, and following the leader while playing.

/** A video the transport drives, with its clock. */
export interface SyncedVideo {
  video: HTMLVideoElement;
  clock: PaneClock;
  /** The length the metadata gave, for containers whose element reports none (Infinity). */
  knownDuration: number;
  /** Where to seek once the seek under way ends: rapid steps are coalesced, not restarted. */
  pending?: number;
}

/** A seek to a local file shows its frame well within this; past it the viewer stops waiting. */
const presentTimeoutMs = 5_000;
/** After `seeked`, how long to wait for the frame callback before taking the seek as shown. */
const afterSeekedMs = 250;

/** The video's length: the element's, or the metadata's for containers that report none. */
export function durationOf(pane: Pick<FollowingMedia, 'video' | 'knownDuration'>): number {
  const { duration } = pane.video;
  return Number.isFinite(duration) && duration > 0 ? duration : pane.knownDuration;
}

/**
 * Resolves once `video` has put the frame containing `target` on screen: the video frame callback
 * says which frame was presented, so a step is reported only when the asked-for frame shows.
 */
function presented(video: HTMLVideoElement, target: number, fps: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      video.removeEventListener('seeked', onSeeked);
      resolve();
    };
    const timer = setTimeout(finish, presentTimeoutMs);
    // A `seeked` for an earlier target (one this seek was queued behind, now started) says nothing about this one.
    const onSeeked = () => {
      if (!video.seeking && Math.abs(video.currentTime - target) < 1e-3) setTimeout(finish, afterSeekedMs);
    };
    video.addEventListener('seeked', onSeeked);
    if (typeof video.requestVideoFrameCallback !== 'function') return;
    const wait = () =>
      video.requestVideoFrameCallback((_now, metadata) => {
        // The frame that shows is the one containing the target: its neighbours are as close in time.
        if (Math.floor(metadata.mediaTime * fps + 1e-3) === Math.floor(target * fps)) finish();
        else if (!done) wait();
      });
    wait();
  });
}

/**
 * Moves a paused video to `target` and answers a promise that resolves once that frame shows, or
 * undefined when it is there already. A seek under way is left to finish and this one queued
 * behind it: restarting it on every key press would show nothing until the keys stop.
 */
export function seekPaused(pane: SyncedVideo, target: number): Promise<void> | undefined {
  const { video } = pane;
  if (Math.abs((pane.pending ?? video.currentTime) - target) < 1e-4) {
    return video.seeking ? presented(video, target, pane.clock.fps) : undefined;
  }
  if (video.seeking) pane.pending = target;
  else {
    pane.pending = undefined;
    video.currentTime = target;
  }
  return presented(video, target, pane.clock.fps);
}

/** Whether a paused video sits where it was sent, with no seek under way or queued. */
export function restsAt(pane: SyncedVideo, target: number): boolean {
  return pane.pending === undefined && !pane.video.seeking && Math.abs(pane.video.currentTime - target) < 1e-3;
}

/** Starts the seek queued behind the one that just ended; answers the function that stops watching. */
export function runQueuedSeeks(pane: SyncedVideo): () => void {
  const { video } = pane;
  const onSeeked = () => {
    if (pane.pending === undefined) return;
    const next = pane.pending;
    pane.pending = undefined;
    if (Math.abs(video.currentTime - next) >= 1e-4) video.currentTime = next;
  };
  video.addEventListener('seeked', onSeeked);
  return () => video.removeEventListener('seeked', onSeeked);
}

/** What following the leader needs of a pane: a media element (a <video>, or a decoded pane's <audio>) and its clock. */
export type FollowingMedia = Pick<SyncedVideo, 'clock' | 'knownDuration'> & { video: HTMLMediaElement };

/**
 * Keeps a playing follower with the leader at timeline time `timeline` (see `followerCorrection`);
 * while the leader waits for data (`stalled`) the follower waits too, rather than running ahead.
 */
export function followLeader(pane: FollowingMedia, timeline: number, stalled: boolean, rate: number): void {
  const { video, clock } = pane;
  const correction = followerCorrection({
    followerTime: video.currentTime,
    target: panePlayTime(timeline, clock),
    duration: durationOf(pane),
    fps: clock.fps,
    rate,
    currentRate: video.playbackRate,
    seeking: video.seeking,
  });
  if (correction.kind === 'hold') {
    if (!video.paused) video.pause();
    if (correction.at === 0 && video.currentTime > 0.5 / clock.fps) video.currentTime = 0;
    return;
  }
  if (correction.kind === 'nudge') video.playbackRate = correction.playbackRate;
  if (correction.kind === 'seek') video.currentTime = correction.to;
  if (stalled && !video.paused) video.pause();
  // play() rejects when a pause or seek interrupts it (AbortError), and the next correction tries
  // again; any other refusal is logged.
  else if (!stalled && video.paused)
    void video.play().catch((error: unknown) => {
      if (!(error instanceof DOMException && error.name === 'AbortError')) log.warn('a following pane did not start playing', { error: String(error) });
    });
}
