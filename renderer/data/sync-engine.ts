import { createLogger } from '../../shared/logger';
import { pullAudit } from './audit-sync';
import { pullTeam } from './team';
import { readSyncRecord, type DeskDatabase, type SessionRecord } from './db';
import { openPokeChannel, type PokeChannel } from './poke-channel';
import { PresenceBoard, PresenceReporter } from './presence';
import { ServiceWatch } from './service-watch';
import type { ServiceFailure } from './service-client';
import { purgeExpired, type EvidenceForgetter } from './retention';
import { pullAll, pushPending, type BlobSender, type SyncStatus } from './sync';
import { defaultRetentionDays } from '../../shared/domain/retention';

/** How often to pull while the app is open and online. */
const pullEveryMs = 30_000;
const log = createLogger('sync-engine');

/** Retry delays after a failed sync: doubling from the first to the last, with jitter (decision 0019). */
export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
  /** A number in [0, 1), as `Math.random`. */
  random: () => number;
}

const defaultRetry: RetryPolicy = { firstMs: 1_000, maxMs: 300_000, random: Math.random };

/**
 * How long to wait before the `failures`-th retry: the service's `Retry-After` when it gave one
 * (never longer than a day), else an exponential delay capped at `maxMs`, of which a random half
 * is waited ("equal jitter"), so desks that failed together do not come back together.
 */
export function retryDelayMs(failures: number, retryAfterMs: number | undefined, policy: RetryPolicy): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 86_400_000);
  const ceiling = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}

/**
 * What asked for a sync: a person ("Sync now"), sign-in and the back-off's own retry go at once; the
 * rest wait it out. A poke (the service says something changed) during a sync asks for one more after it.
 */
type Trigger = 'asked' | 'start' | 'retry' | 'timer' | 'returned' | 'poke';

/**
 * Keeps the local store current: a pull at start, on a timer, when the case service answers again
 * after a silence and on demand, never two at once. Its status is a tiny external store for
 * `useSyncExternalStore`.
 */
export class SyncEngine {
  private status: SyncStatus = { kind: 'idle', lastSyncedAt: null };
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private session: SessionRecord | undefined;
  /** Failed syncs in a row, and when the next automatic one may run. */
  private failures = 0;
  private notBefore = 0;
  /** Whether the last failure had an answer from the service (5xx, 429): its return is no reason to hurry. */
  private answeredFailure = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The service's pokes for this session (poke-channel.ts), and whether one came during the running sync. */
  private pokes: PokeChannel | undefined;
  /** What asked for a sync while one ran, to run one more after it: a person's ask outranks a poke. */
  private followUp: 'poke' | 'asked' | undefined;
  /** Whether case-service pokes are listened to: off where a test's fake service does not stream. */
  private readonly live: boolean;
  /** How the evidence of disputes past the team's retention leaves this computer (retention.ts). */
  private readonly forgetEvidence: EvidenceForgetter;
  /** Whether the case service answers; what waits is sent as soon as it does again. */
  readonly service: ServiceWatch;
  /** Who is on which case, as the poke stream last said (presence.ts). */
  readonly presence = new PresenceBoard();
  /** What this window's person is doing, told to the service while signed in. */
  readonly reporter: PresenceReporter;

  constructor(
    private readonly db: DeskDatabase,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    private readonly sendBlob?: BlobSender,
    private readonly retry: RetryPolicy = defaultRetry,
    options: { live?: boolean; forgetEvidence?: EvidenceForgetter } = {},
  ) {
    this.service = new ServiceWatch(fetchImpl, () => void this.sync('returned'));
    this.live = options.live ?? true;
    this.forgetEvidence = options.forgetEvidence ?? (async () => true);
    this.reporter = new PresenceReporter(fetchImpl);
  }

  /** Starts syncing for a signed-in session. */
  start(session: SessionRecord, lastSyncedAt: string | null): void {
    this.stop();
    this.session = session;
    this.setStatus({ kind: 'idle', lastSyncedAt });
    this.failures = 0;
    this.notBefore = 0;
    this.timer = setInterval(() => void this.sync('timer'), pullEveryMs);
    void this.sync('start');
    // The service pokes within a second of a change (issue 21); the timer stays as the fallback.
    if (this.live) {
      const poked = () => void this.sync('poke');
      this.pokes = openPokeChannel(
        session,
        { onPoke: poked, onSignedOut: poked, onPresence: (list) => this.presence.set(list), onClosed: () => this.presence.clear() },
        { fetchImpl: this.fetchImpl },
      );
      this.reporter.start(session);
    }
  }

  /** Stops pulling, as when the user signs out. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    this.pokes?.close();
    this.pokes = undefined;
    this.reporter.stop();
    this.presence.clear();
    this.followUp = undefined;
    this.session = undefined;
  }

  /** Stops, and waits for a pull already running to end: nothing it writes lands after this. */
  async halt(): Promise<void> {
    this.stop();
    await this.running;
  }

  /** Syncs now, as a person asked ("Sync now"), or joins the sync already running. */
  pullNow(): Promise<void> {
    return this.sync('asked');
  }

  /** When the next automatic sync may run after failures (epoch ms; 0 when not backing off). */
  retryAt(): number {
    return this.notBefore;
  }

  private sync(trigger: Trigger): Promise<void> {
    const session = this.session;
    if (!session) return Promise.resolve();
    const waiting = Date.now() < this.notBefore;
    if (waiting && (trigger === 'timer' || trigger === 'poke' || (trigger === 'returned' && this.answeredFailure))) return this.running ?? Promise.resolve();
    // The running sync may have pulled before the change it is told of, or pushed before the
    // change a person just made ("Sync now", a ruling queued): one more follows it.
    if ((trigger === 'poke' || trigger === 'asked') && this.running) {
      if (this.followUp !== 'asked') this.followUp = trigger;
      return this.running;
    }
    this.running ??= (async () => {
      const lastSyncedAt = this.status.lastSyncedAt;
      // The first sync brings everything; the queues wait for it rather than re-read after every page.
      const first = (await readSyncRecord(this.db)).cookie === null;
      this.setStatus({ kind: 'syncing', lastSyncedAt, pulled: 0, first });
      // Changes go up before the pull, so the pull brings back the service's answer to them.
      const pushed = await pushPending(this.db, session, this.fetchImpl, this.sendBlob);
      const result = pushed.ok
        ? await pullAll(this.db, session, (pulled) => this.setStatus({ kind: 'syncing', lastSyncedAt, pulled, first }), this.fetchImpl)
        : pushed;
      // The audit log's own failures are kept with it, for the audit screen.
      this.service.report(result.ok || result.failure.kind !== 'offline' || result.failure.status !== undefined);
      // Everyone keeps the team's names; team leads also keep the audit log.
      if (result.ok) await pullTeam(this.db, session, this.fetchImpl);
      if (result.ok && session.user.role === 'team_lead') await pullAudit(this.db, session, this.fetchImpl);
      // Disputes the team's retention period has passed leave this computer (issue 22), evidence
      // too. A purge that fails is tried again after the next sync; the sync itself went well.
      if (result.ok) {
        await purgeExpired(this.db, result.retentionDays ?? defaultRetentionDays, new Date(), this.forgetEvidence).catch((error: unknown) =>
          log.error('removing disputes past the retention period failed; it is tried again after the next sync', { error: String(error) }),
        );
      }
      if (result.ok) this.failures = 0;
      else this.backOff(result.failure);
      this.setStatus(result.ok ? { kind: 'idle', lastSyncedAt: result.lastSyncedAt } : { kind: 'failed', lastSyncedAt, failure: result.failure });
    })()
      .catch((error: unknown) => {
        // A bug or a broken local store: logged, shown on the status bar, and retried with back-off.
        log.error('a sync failed unexpectedly', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        const failure: ServiceFailure = { kind: 'refused', message: `Syncing failed on this computer (${error instanceof Error ? error.message : String(error)}). It will be retried; the app log has the details.` };
        this.backOff(failure);
        this.setStatus({ kind: 'failed', lastSyncedAt: this.status.lastSyncedAt, failure });
      })
      .finally(() => {
      this.running = undefined;
      if (this.failures === 0) this.notBefore = 0;
      const next = this.followUp;
      this.followUp = undefined;
      if (next !== undefined) void this.sync(next);
    });
    return this.running;
  }

  /** Schedules the next try after a failure; signing out or an expired session waits for a person instead. */
  private backOff(failure: ServiceFailure): void {
    this.failures += 1;
    this.answeredFailure = failure.status !== undefined;
    const delay = retryDelayMs(this.failures, failure.retryAfterMs, this.retry);
    this.notBefore = Date.now() + delay;
    clearTimeout(this.retryTimer);
    if (failure.kind === 'signed_out' || failure.kind === 'update_required') return;
    this.retryTimer = setTimeout(() => void this.sync('retry'), delay);
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For `useSyncExternalStore`. */
  getStatus = (): SyncStatus => this.status;

  private setStatus(next: SyncStatus): void {
    this.status = next;
    for (const listener of this.listeners) listener();
  }
}
