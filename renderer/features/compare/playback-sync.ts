import { frameAt, lastFrame, paneFrameAt, panePlayTime, paneSeekTarget, timelineAt, timelineOfLeaderFrame } from './frame-math';
import { createLogger } from '../../../shared/logger';
import type { DecodedVideo } from './decoded-video';
import type { FilmstripShelf } from './filmstrip-shelf';
import { decodedFrameAt, endedAt, frameAtSeconds, meanFrameRate, secondsOfFrame, timelineOfDecodedFrame } from './decoder/frame-clock';
import { keyframeFor } from './decoder/frame-index';
import { durationOf, followLeader, restsAt, runQueuedSeeks, seekPaused, type FollowingMedia, type SyncedVideo } from './synced-video';

/** What the transport shows, read with useSyncExternalStore. */
export interface PlaybackState {
  /** The pane whose video sets the time, or null when no video has loaded. */
  leaderKey: string | null;
  playing: boolean;
  rate: number;
  leaderTime: number;
  /**
   * The frame the leader shows: for a decoded pane its sample's index in presentation order, for a
   * <video> the frame its time falls in.
   */
  leaderFrame: number;
  leaderFps: number;
  leaderDuration: number;
  leaderOffset: number;
}

const log = createLogger('playback-sync');

const idle: PlaybackState = { leaderKey: null, playing: false, rate: 1, leaderTime: 0, leaderFrame: 0, leaderFps: 30, leaderDuration: 0, leaderOffset: 0 };

/** A pane the viewer decodes itself (decoded-video.ts), with its offset in its own frames. */
interface DecodedPane {
  video: DecodedVideo;
  offsetFrames: number;
  /**
   * The file's sound, played by an <audio> of the same file that follows the frame clock as a
   * <video> follower does (nudged, or moved when far off); heard from the leading pane only.
   */
  sound?: FollowingMedia;
  /** The frame last asked of it, so playback asks each frame once. */
  asked?: number;
  /** Where its filmstrip thumbnails are kept between openings, when it is a stored file. */
  shelf?: FilmstripShelf;
}

/** The timeline time and the wall clock when a decoded leader started playing, or its speed changed. */
interface ClockAnchor {
  timeline: number;
  wall: number;
}

/** While playing, the readout moves this often: fast enough to read, cheap enough not to re-render every frame. */
const refreshEveryMs = 66;
/**
 * One transport for every video pane. The first video in pane order leads; the others follow the
 * shared timeline, each with its own offset and frame rate. A pane is either decoded by the viewer
 * (a DecodedVideo: frames by the container's timestamps) or, where WebCodecs cannot decode it, a
 * <video>. Paused, every pane is put on the frame the timeline asks of it (a <video> on that
 * frame's middle); playing, the clock is the leader's — a <video>'s own time, or for a decoded
 * leader the wall clock from where play started — and followers are checked every animation
 * frame: a decoded pane is shown the frame due, a <video> nudged or, far off, moved (see
 * `followerCorrection`).
 */
export class PlaybackSync {
  private readonly videos = new Map<string, SyncedVideo>();
  private readonly decoded = new Map<string, DecodedPane>();
  private anchor: ClockAnchor = { timeline: 0, wall: 0 };
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

  /** Adds a loaded <video>; answers the function that removes it again. */
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

  /** Adds a pane the viewer decodes itself, with its sound if it has any; answers the function that removes it again. */
  registerDecoded(key: string, video: DecodedVideo, audio?: HTMLAudioElement, shelf?: FilmstripShelf): () => void {
    const offsetFrames = this.offsets.get(key) ?? 0;
    const sound = audio && { video: audio, clock: { fps: meanFrameRate(video.index), offsetFrames }, knownDuration: video.index.end };
    const pane: DecodedPane = { video, offsetFrames, sound, shelf };
    const wasLeader = this.leaderKey();
    this.decoded.set(key, pane);
    const stopListening = video.onDrawn(() => {
      // A decoded leader playing tells the difference view and the loupe of each new frame.
      if (this.playing && this.leaderKey() === key) {
        for (const listener of this.frameListeners) listener();
      }
    });
    if (wasLeader !== this.leaderKey() && this.playing) this.reanchor(wasLeader);
    this.leaderChanged();
    if (!this.playing) void this.seekAll();
    if (this.playing && sound) this.startSound(pane);
    return () => {
      stopListening();
      sound?.video.pause();
      if (this.decoded.get(key)?.video !== video) return;
      this.decoded.delete(key);
      this.leaderChanged();
      this.refresh(true);
    };
  }

  /** Sets a pane's offset in its own frames; the pane moves, the timeline stays. */
  setOffset(key: string, frames: number): void {
    this.offsets.set(key, frames);
    const decoded = this.decoded.get(key);
    if (decoded) {
      decoded.offsetFrames = frames;
      decoded.asked = undefined;
      if (decoded.sound) decoded.sound.clock = { ...decoded.sound.clock, offsetFrames: frames };
    }
    const pane = this.videos.get(key);
    if (pane) pane.clock = { ...pane.clock, offsetFrames: frames };
    if (!pane && !decoded) return;
    if (!this.playing) void this.seekAll();
    else this.refresh(true);
  }

  /** The time a pane is at, for a note or a snapshot: a decoded pane's frame's container time. */
  paneTime(key: string): number | undefined {
    const decoded = this.decoded.get(key);
    if (decoded) return secondsOfFrame(decoded.video.index, this.decodedFrame(decoded));
    return this.videos.get(key)?.video.currentTime;
  }

  /** The frame a pane shows, as its readout names it; undefined for a pane not playing a video. */
  paneFrame(key: string): number | undefined {
    const decoded = this.decoded.get(key);
    if (decoded) return this.decodedFrame(decoded);
    const pane = this.videos.get(key);
    return pane && frameAt(pane.video.currentTime, pane.clock.fps);
  }

  /** The frame a decoded pane shows, by its sample's index; undefined for a <video> pane (its frame is only time × fps). */
  exactFrame(key: string): number | undefined {
    const decoded = this.decoded.get(key);
    return decoded && this.decodedFrame(decoded);
  }

  /**
   * Moves the timeline so decoded pane `key` shows its frame `frame`, and every pane with it;
   * answers false when `key` is not a decoded pane (the caller then goes by time).
   */
  showPaneFrame(key: string, frame: number): boolean {
    const decoded = this.decoded.get(key);
    if (!decoded) return false;
    const { index } = decoded.video;
    if (this.playing) this.pause();
    this.timeline = timelineOfDecodedFrame(index, decoded.offsetFrames, Math.min(Math.max(0, frame), index.frames.length - 1));
    void this.seekAll();
    return true;
  }

  /** The leading pane's decoded video, for the filmstrip; undefined when the leader is a <video> or there is none. */
  decodedLeader(): { key: string; video: DecodedVideo; shelf: FilmstripShelf | undefined } | undefined {
    const key = this.leaderKey();
    const decoded = key === undefined ? undefined : this.decoded.get(key);
    return decoded && { key: key!, video: decoded.video, shelf: decoded.shelf };
  }

  /** Resolves once the last seek or step shows in every pane. */
  whenSettled(): Promise<void> {
    return this.settling;
  }

  /** Plays every video from where the timeline is (from the start, when the leader is at its end). */
  play(): void {
    const key = this.leaderKey();
    if (key === undefined || this.playing) return;
    const decodedLeader = this.decoded.get(key);
    const leader = this.videos.get(key);
    if (decodedLeader) {
      const { index } = decodedLeader.video;
      if (this.decodedFrame(decodedLeader) >= index.frames.length - 1) this.timeline = timelineOfDecodedFrame(index, decodedLeader.offsetFrames, 0);
    } else if (leader) {
      const duration = durationOf(leader);
      if (frameAt(leader.video.currentTime, leader.clock.fps) >= lastFrame(duration, leader.clock.fps)) {
        leader.video.currentTime = 0;
      }
    }
    this.playing = true;
    this.anchor = { timeline: this.timeline, wall: performance.now() };
    this.seekGeneration += 1;
    for (const pane of this.videos.values()) pane.pending = undefined;
    for (const pane of this.decoded.values()) {
      pane.asked = undefined;
      this.startSound(pane);
    }
    for (const videoKey of this.videos.keys()) this.startFollower(videoKey);
    this.tick();
    this.refresh(true);
  }

  /** Pauses every pane and puts each on its frame, so paused panes line up exactly. */
  pause(): void {
    if (!this.playing) return;
    this.timeline = this.pausedTimeline();
    this.playing = false;
    if (this.animation !== undefined) cancelAnimationFrame(this.animation);
    this.animation = undefined;
    for (const pane of this.videos.values()) {
      pane.video.pause();
      pane.video.playbackRate = this.rate;
    }
    for (const pane of this.decoded.values()) pane.sound?.video.pause();
    void this.seekAll();
  }

  /** Plays when paused, pauses when playing. */
  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Steps the leader `frames` frames (negative: back), pausing first; followers keep their offsets. */
  step(frames: number): void {
    const key = this.leaderKey();
    if (key === undefined) return;
    if (this.playing) this.pause();
    const decoded = this.decoded.get(key);
    if (decoded) {
      // From the frame last asked for, not the one on screen: held keys step on while frames decode.
      const { index } = decoded.video;
      const asked = decodedFrameAt(index, decoded.offsetFrames, this.timeline);
      const target = Math.min(Math.max(0, asked + frames), index.frames.length - 1);
      this.timeline = timelineOfDecodedFrame(index, decoded.offsetFrames, target);
      void this.seekAll();
      return;
    }
    const leader = this.videos.get(key)!;
    const { fps } = leader.clock;
    const asked = Math.min(Math.max(0, paneFrameAt(this.timeline, leader.clock)), lastFrame(durationOf(leader), fps));
    const target = Math.min(Math.max(0, asked + frames), lastFrame(durationOf(leader), fps));
    this.timeline = timelineOfLeaderFrame(target, leader.clock);
    void this.seekAll();
  }

  /**
   * Moves the leader to its second `seconds`, and every other pane with it. With `preview` (the
   * timeline being dragged), paused decoded panes show the keyframe at or before their frame,
   * which decodes alone and so keeps up with the pointer; the exact frame comes with the seek
   * made on release.
   */
  seek(seconds: number, options: { preview?: boolean } = {}): void {
    const key = this.leaderKey();
    if (key === undefined) return;
    const decoded = this.decoded.get(key);
    if (decoded) {
      const { index } = decoded.video;
      let frame = Math.min(Math.max(0, frameAtSeconds(index, seconds)), index.frames.length - 1);
      if (options.preview && !this.playing) frame = keyframeFor(index, frame);
      this.timeline = timelineOfDecodedFrame(index, decoded.offsetFrames, frame);
      if (this.playing) {
        this.anchor = { timeline: this.timeline, wall: performance.now() };
        for (const pane of this.decoded.values()) pane.asked = undefined;
        this.refresh(true);
      } else void this.seekAll(2, options.preview === true);
      return;
    }
    const leader = this.videos.get(key)!;
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
    if (this.playing) this.anchor = { timeline: this.currentTimeline(), wall: performance.now() };
    this.rate = rate;
    for (const pane of this.videos.values()) pane.video.playbackRate = rate;
    for (const pane of this.decoded.values()) if (pane.sound) pane.sound.video.playbackRate = rate;
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
    for (const pane of this.decoded.values()) pane.sound?.video.pause();
  }

  private leaderKey(): string | undefined {
    return this.order.find((key) => this.videos.has(key) || this.decoded.has(key)) ?? this.decoded.keys().next().value ?? this.videos.keys().next().value;
  }

  /** The leader when it is a <video> (undefined when it is decoded, or there is none). */
  private leader(): SyncedVideo | undefined {
    const key = this.leaderKey();
    return key === undefined ? undefined : this.videos.get(key);
  }

  /** The frame a decoded pane is on: the one the timeline asks of it. */
  private decodedFrame(pane: DecodedPane): number {
    return decodedFrameAt(pane.video.index, pane.offsetFrames, this.playing ? this.currentTimeline() : this.timeline);
  }

  /** Keeps the playing timeline where it is when the leader changes from or to a decoded pane. */
  private reanchor(previousLeader: string | undefined): void {
    const previous = previousLeader === undefined ? undefined : this.videos.get(previousLeader);
    const timeline = previous ? timelineAt(previous.video.currentTime, previous.clock) : this.currentTimeline();
    this.anchor = { timeline, wall: performance.now() };
  }

  /** Gives the leader the sound, and listens to a <video> leader for its end and for the frames it plays. */
  private leaderChanged(): void {
    this.detachLeader?.();
    this.detachLeader = undefined;
    const leader = this.leader();
    const leaderKey = this.leaderKey();
    for (const pane of this.videos.values()) pane.video.muted = pane !== leader;
    for (const [key, pane] of this.decoded) if (pane.sound) pane.sound.video.muted = key !== leaderKey;
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

  /** The timeline's time now: a <video> leader's clock, or a decoded leader's wall clock, while playing. */
  private currentTimeline(): number {
    if (!this.playing) return this.timeline;
    const leader = this.leader();
    if (leader) return timelineAt(leader.video.currentTime, leader.clock);
    return this.anchor.timeline + ((performance.now() - this.anchor.wall) / 1000) * this.rate;
  }

  /** Where the timeline stops on a pause: on the start of the leader's frame, so paused panes line up. */
  private pausedTimeline(): number {
    const key = this.leaderKey();
    const decoded = key === undefined ? undefined : this.decoded.get(key);
    if (decoded) return timelineOfDecodedFrame(decoded.video.index, decoded.offsetFrames, this.decodedFrame(decoded));
    const leader = this.leader();
    return leader ? timelineOfLeaderFrame(frameAt(leader.video.currentTime, leader.clock.fps), leader.clock) : this.timeline;
  }

  /** Starts a decoded pane's sound where the playing timeline is; the tick keeps it there. */
  private startSound(pane: DecodedPane): void {
    const sound = pane.sound;
    if (!sound) return;
    const target = panePlayTime(this.currentTimeline(), sound.clock);
    sound.video.playbackRate = this.rate;
    if (target < 0 || target >= durationOf(sound)) return;
    sound.video.currentTime = target;
    void sound.video.play().catch((error: unknown) => {
      // Interrupted by a pause or a move (AbortError): the next tick starts it again. Refused sound
      // (no gesture) leaves the pictures playing; it is logged.
      if (!(error instanceof DOMException && error.name === 'AbortError')) log.warn('a decoded pane\'s sound did not start', { error: String(error) });
    });
  }

  /** Puts a <video> where the playing timeline is and starts it (a pane still before its start waits). */
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
    const key = this.leaderKey();
    if (key !== undefined) {
      const timeline = this.currentTimeline();
      const decodedLeader = this.decoded.get(key);
      if (decodedLeader && endedAt(decodedLeader.video.index, decodedLeader.offsetFrames, timeline)) {
        // The decoded leader has shown its last frame: stop there, as a <video> does at its end.
        const { index } = decodedLeader.video;
        this.anchor = { timeline: timelineOfDecodedFrame(index, decodedLeader.offsetFrames, index.frames.length - 1), wall: performance.now() };
        this.pause();
        return;
      }
      const leader = this.leader();
      // Followers wait while a <video> leader waits for data, rather than running ahead of it.
      const stalled = leader !== undefined && (leader.video.seeking || leader.video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA);
      for (const pane of this.videos.values()) if (pane !== leader) followLeader(pane, timeline, stalled, this.rate);
      for (const pane of this.decoded.values()) {
        const frame = decodedFrameAt(pane.video.index, pane.offsetFrames, timeline);
        if (frame !== pane.asked) {
          pane.asked = frame;
          pane.video.playTo(frame);
        }
        if (pane.sound) followLeader(pane.sound, timeline, stalled, this.rate);
      }
      this.refresh(false);
    }
    this.animation = requestAnimationFrame(this.tick);
  };

  /** Puts every paused pane on the timeline's frame, then reports once all of them show it. */
  private async seekAll(retries = 2, preview = false): Promise<void> {
    const generation = ++this.seekGeneration;
    const waits: Promise<void>[] = [];
    const target = (pane: SyncedVideo) => paneSeekTarget(this.timeline, pane.clock, durationOf(pane));
    for (const pane of this.videos.values()) {
      const wait = seekPaused(pane, target(pane));
      if (wait) waits.push(wait);
    }
    for (const pane of this.decoded.values()) {
      const frame = decodedFrameAt(pane.video.index, pane.offsetFrames, this.timeline);
      pane.asked = preview ? keyframeFor(pane.video.index, frame) : frame;
      waits.push(pane.video.show(pane.asked));
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
    const decoded = key === undefined ? undefined : this.decoded.get(key);
    const leader = key === undefined ? undefined : this.videos.get(key);
    let next: PlaybackState = { ...idle, rate: this.rate };
    if (decoded) {
      const { index } = decoded.video;
      // The readout names the frame on screen; until one is, the frame asked for.
      const frame = decoded.video.shown ?? this.decodedFrame(decoded);
      next = {
        leaderKey: key!,
        playing: this.playing,
        rate: this.rate,
        leaderTime: secondsOfFrame(index, frame),
        leaderFrame: frame,
        leaderFps: meanFrameRate(index),
        leaderDuration: index.end,
        leaderOffset: decoded.offsetFrames,
      };
    } else if (leader) {
      next = {
        leaderKey: key!,
        playing: this.playing,
        rate: this.rate,
        leaderTime: leader.video.currentTime,
        leaderFrame: frameAt(leader.video.currentTime, leader.clock.fps),
        leaderFps: leader.clock.fps,
        leaderDuration: durationOf(leader),
        leaderOffset: leader.clock.offsetFrames,
      };
    }
    const same = (Object.keys(next) as (keyof PlaybackState)[]).every((name) => next[name] === this.state[name]);
    if (same) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
