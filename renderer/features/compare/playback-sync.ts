import { frameAt, lastFrame, paneFrameAt, panePlayTime, paneSeekTarget, timelineAt, timelineOfLeaderFrame } from './frame-math';
import { createLogger } from '../../../shared/logger';
import { durationOf, followLeader, restsAt, runQueuedSeeks, seekPaused, type SyncedVideo } from './synced-video';

/** What the transport shows, read with useSyncExternalStore. */
export interface PlaybackState {
  /** The pane whose video sets the time, or null when no video has loaded. */
  leaderKey: string | null;
  playing: boolean;
  rate: number;
  leaderTime: number;
  leaderFps: number;
  leaderDuration: number;
  leaderOffset: number;
}

const log = createLogger('playback-sync');

const idle: PlaybackState = { leaderKey: null, playing: false, rate: 1, leaderTime: 0, leaderFps: 30, leaderDuration: 0, leaderOffset: 0 };

/** While playing, the readout moves this often: fast enough to read, cheap enough not to re-render every frame. */
const refreshEveryMs = 66;
/**
 * One transport for every video pane. The first video in pane order leads; the others follow the
 * shared timeline, each with its own offset and frame rate. Paused, every pane is put on the
 * middle of the frame the timeline asks of it; playing, followers are checked every animation
 * frame and nudged or, far off, moved (see `followerCorrection`).
 */
export class PlaybackSync {
  private readonly videos = new Map<string, SyncedVideo>();
  private readonly offsets = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly frameListeners = new Set<() => void>();
  private order: readonly string[] = [];
  private rate = 1;
  private playing = false;
  /** The shared timeline's time while paused (playing, the leader's clock is the truth). */
  private timeline = 0;
  private state: PlaybackState = idle;
  private seekGeneration = 0;
  private animation: number | undefined;
  private lastRefresh = 0;
  private detachLeader: (() => void) | undefined;
  private settling: Promise<void> = Promise.resolve();

  /** Subscribes to state changes (useSyncExternalStore's subscribe). */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current state (useSyncExternalStore's getSnapshot). */
  readonly getState = (): PlaybackState => this.state;

  /** Calls `listener` when a new frame is on screen: after a seek settles, and for each frame the leader plays. */
  onFrame(listener: () => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Sets the pane order; the first pane with a loaded video leads. */
  setOrder(keys: readonly string[]): void {
    this.order = keys;
    this.leaderChanged();
    this.refresh(true);
  }

  /** Adds a loaded video; answers the function that removes it again. */
  register(key: string, video: HTMLVideoElement, fps: number, knownDuration: number): () => void {
    const pane: SyncedVideo = { video, clock: { fps, offsetFrames: this.offsets.get(key) ?? 0 }, knownDuration };
    const unwatch = runQueuedSeeks(pane);
    this.videos.set(key, pane);
    video.playbackRate = this.rate;
    this.leaderChanged();
    if (this.playing) this.startFollower(key);
    else void this.seekAll();
    return () => {
      unwatch();
      if (this.videos.get(key)?.video !== video) return;
      this.videos.delete(key);
      this.leaderChanged();
      this.refresh(true);
    };
  }

  /** Sets a pane's offset in its own frames; the pane moves, the timeline stays. */
  setOffset(key: string, frames: number): void {
    this.offsets.set(key, frames);
    const pane = this.videos.get(key);
    if (!pane) return;
    pane.clock = { ...pane.clock, offsetFrames: frames };
    if (!this.playing) void this.seekAll();
    else this.refresh(true);
  }

  /** The time a pane's video is at, for a note or a snapshot. */
  paneTime(key: string): number | undefined {
    return this.videos.get(key)?.video.currentTime;
  }

  /** Resolves once the last seek or step shows in every pane. */
  whenSettled(): Promise<void> {
    return this.settling;
  }

  /** Plays every video from where the timeline is (from the start, when the leader is at its end). */
  play(): void {
    const leader = this.leader();
    if (!leader || this.playing) return;
    const duration = durationOf(leader);
    if (frameAt(leader.video.currentTime, leader.clock.fps) >= lastFrame(duration, leader.clock.fps)) {
      leader.video.currentTime = 0;
    }
    this.playing = true;
    this.seekGeneration += 1;
    for (const pane of this.videos.values()) pane.pending = undefined;
    for (const key of this.videos.keys()) this.startFollower(key);
    this.tick();
    this.refresh(true);
  }

  /** Pauses every video and puts each on the middle of its frame, so paused panes line up exactly. */
  pause(): void {
    const leader = this.leader();
    if (!this.playing) return;
    this.playing = false;
    if (this.animation !== undefined) cancelAnimationFrame(this.animation);
    this.animation = undefined;
    for (const pane of this.videos.values()) {
      pane.video.pause();
      pane.video.playbackRate = this.rate;
    }
    if (leader) this.timeline = timelineOfLeaderFrame(frameAt(leader.video.currentTime, leader.clock.fps), leader.clock);
    void this.seekAll();
  }

  /** Plays when paused, pauses when playing. */
  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Steps the leader `frames` frames (negative: back), pausing first; followers keep their offsets. */
  step(frames: number): void {
    const leader = this.leader();
    if (!leader) return;
    if (this.playing) this.pause();
    const { fps } = leader.clock;
    // From the frame last asked for, not the one on screen: held keys step on while seeks run.
    const asked = Math.min(Math.max(0, paneFrameAt(this.timeline, leader.clock)), lastFrame(durationOf(leader), fps));
    const target = Math.min(Math.max(0, asked + frames), lastFrame(durationOf(leader), fps));
    this.timeline = timelineOfLeaderFrame(target, leader.clock);
    void this.seekAll();
  }

  /** Moves the leader to its second `seconds`, and every other pane with it. */
  seek(seconds: number): void {
    const leader = this.leader();
    if (!leader) return;
    const clamped = Math.min(Math.max(0, seconds), durationOf(leader));
    if (this.playing) {
      leader.video.currentTime = clamped;
      this.refresh(true);
      return;
    }
    this.timeline = timelineOfLeaderFrame(frameAt(clamped, leader.clock.fps), leader.clock);
    void this.seekAll();
  }

  /** Sets the speed of every pane. */
  setRate(rate: number): void {
    this.rate = rate;
    for (const pane of this.videos.values()) pane.video.playbackRate = rate;
    this.refresh(true);
  }

  /** Stops playing and listening to the leader, for when the viewer closes. */
  dispose(): void {
    this.playing = false;
    if (this.animation !== undefined) cancelAnimationFrame(this.animation);
    this.animation = undefined;
    this.detachLeader?.();
    this.detachLeader = undefined;
    for (const pane of this.videos.values()) pane.video.pause();
  }

  private leaderKey(): string | undefined {
    return this.order.find((key) => this.videos.has(key)) ?? this.videos.keys().next().value;
  }

  private leader(): SyncedVideo | undefined {
    const key = this.leaderKey();
    return key === undefined ? undefined : this.videos.get(key);
  }

  /** Gives the leader the sound and listens to it for its end and for the frames it plays. */
  private leaderChanged(): void {
    this.detachLeader?.();
    this.detachLeader = undefined;
    const leader = this.leader();
    for (const pane of this.videos.values()) pane.video.muted = pane !== leader;
    if (!leader) return;
    const { video } = leader;
    const onEnded = () => {
      this.playing = false;
      for (const pane of this.videos.values()) pane.video.pause();
      this.timeline = timelineAt(video.currentTime, leader.clock);
      this.refresh(true);
    };
    let handle: number | undefined;
    const onFrame = () => {
      for (const listener of this.frameListeners) listener();
      if (typeof video.requestVideoFrameCallback === 'function') handle = video.requestVideoFrameCallback(onFrame);
    };
    video.addEventListener('ended', onEnded);
    if (typeof video.requestVideoFrameCallback === 'function') handle = video.requestVideoFrameCallback(onFrame);
    this.detachLeader = () => {
      video.removeEventListener('ended', onEnded);
      if (handle !== undefined) video.cancelVideoFrameCallback(handle);
    };
  }

  private currentTimeline(): number {
    const leader = this.leader();
    if (!leader || !this.playing) return this.timeline;
    return timelineAt(leader.video.currentTime, leader.clock);
  }

  /** Puts a pane where the playing timeline is and starts it (a pane still before its start waits). */
  private startFollower(key: string): void {
    const pane = this.videos.get(key);
    if (!pane) return;
    const isLeader = pane === this.leader();
    if (!isLeader) {
      const target = panePlayTime(this.currentTimeline(), pane.clock);
      if (target < 0 || target >= durationOf(pane)) return;
      pane.video.currentTime = target;
    }
    pane.video.playbackRate = this.rate;
    void pane.video.play().catch((error: unknown) => {
      // A browser that refuses sound without a gesture still plays the picture muted.
      if (error instanceof DOMException && error.name === 'NotAllowedError' && !pane.video.muted) {
        pane.video.muted = true;
        // Muted playback refused too leaves the pane paused, which the transport shows; it is logged.
        return pane.video.play().catch((muted: unknown) => log.warn('a video pane did not start playing, even muted', { error: String(muted) }));
      }
      // An interrupted play (AbortError) is the next seek's business; anything else is logged, and
      // the pane's own error state shows it to the reviewer.
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        log.warn('a video pane did not start playing', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
      return undefined;
    });
  }

  private readonly tick = (): void => {
    if (!this.playing) return;
    const leader = this.leader();
    if (leader) {
      const timeline = timelineAt(leader.video.currentTime, leader.clock);
      // Followers wait while the leader waits for data, rather than running ahead of it.
      const stalled = leader.video.seeking || leader.video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA;
      for (const pane of this.videos.values()) if (pane !== leader) followLeader(pane, timeline, stalled, this.rate);
      this.refresh(false);
    }
    this.animation = requestAnimationFrame(this.tick);
  };

  /** Puts every paused video on the timeline's frame, then reports once all of them show it. */
  private async seekAll(retries = 2): Promise<void> {
    const generation = ++this.seekGeneration;
    const waits: Promise<void>[] = [];
    const target = (pane: SyncedVideo) => paneSeekTarget(this.timeline, pane.clock, durationOf(pane));
    for (const pane of this.videos.values()) {
      const wait = seekPaused(pane, target(pane));
      if (wait) waits.push(wait);
    }
    const settled = Promise.all(waits).then(() => undefined);
    this.settling = settled;
    await settled;
    if (generation !== this.seekGeneration) return;
    // A pane paused in the middle of a playing seek can end elsewhere than sent: send it again.
    if (retries > 0 && !this.playing && [...this.videos.values()].some((pane) => !restsAt(pane, target(pane)))) {
      return this.seekAll(retries - 1);
    }
    this.refresh(true);
    for (const listener of this.frameListeners) listener();
  }

  private refresh(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastRefresh < refreshEveryMs) return;
    this.lastRefresh = now;
    const key = this.leaderKey();
    const leader = key === undefined ? undefined : this.videos.get(key);
    const next: PlaybackState = leader
      ? {
          leaderKey: key!,
          playing: this.playing,
          rate: this.rate,
          leaderTime: leader.video.currentTime,
          leaderFps: leader.clock.fps,
          leaderDuration: durationOf(leader),
          leaderOffset: leader.clock.offsetFrames,
        }
      : { ...idle, rate: this.rate };
    const same = (Object.keys(next) as (keyof PlaybackState)[]).every((name) => next[name] === this.state[name]);
    if (same) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
