import { pullAudit } from './audit-sync';
import { readSyncRecord, type DeskDatabase, type SessionRecord } from './db';
import { ServiceWatch } from './service-watch';
import { pullAll, pushPending, type BlobSender, type SyncStatus } from './sync';

/** How often to pull while the app is open and online. */
const pullEveryMs = 30_000;

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
  /** Whether the case service answers; what waits is sent as soon as it does again. */
  readonly service: ServiceWatch;

  constructor(
    private readonly db: DeskDatabase,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    private readonly sendBlob?: BlobSender,
  ) {
    this.service = new ServiceWatch(fetchImpl, () => void this.pullNow());
  }

  /** Starts syncing for a signed-in session. */
  start(session: SessionRecord, lastSyncedAt: string | null): void {
    this.stop();
    this.session = session;
    this.setStatus({ kind: 'idle', lastSyncedAt });
    this.timer = setInterval(() => void this.pullNow(), pullEveryMs);
    void this.pullNow();
  }

  /** Stops pulling, as when the user signs out. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.session = undefined;
  }

  /** Stops, and waits for a pull already running to end: nothing it writes lands after this. */
  async halt(): Promise<void> {
    this.stop();
    await this.running;
  }

  /** Pulls now, or joins the pull already running. */
  pullNow(): Promise<void> {
    const session = this.session;
    if (!session) return Promise.resolve();
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
      // Team leads also keep the audit log; its own failures are kept with it, for the audit screen.
      this.service.report(result.ok || result.failure.kind !== 'offline');
      if (result.ok && session.user.role === 'team_lead') await pullAudit(this.db, session, this.fetchImpl);
      this.setStatus(result.ok ? { kind: 'idle', lastSyncedAt: result.lastSyncedAt } : { kind: 'failed', lastSyncedAt, failure: result.failure });
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
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
