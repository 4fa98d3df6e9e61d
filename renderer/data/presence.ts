import { createLogger } from '../../shared/logger';
import { presenceActivities, presenceTiming, type PresenceActivity, type PresenceList } from '../../shared/sync/presence';
import type { Role } from '../../shared/domain/model';

// The desk's half of presence (issue 21, shared/sync/presence.ts): the board holds who the
// service last said is on which case, and drops each report when it lapses by this desk's own
// clock; the reporter tells the service what this window's person is doing, renewing it while it
// stands. Neither is stored, neither waits for anything: offline, the board is empty and the
// reporter's calls simply fail.

const log = createLogger('presence');

/** One person on one case, as this desk holds it: times on this desk's clock (epoch ms). */
export interface PersonOnCase {
  userId: string;
  name: string;
  role: Role;
  disputeId: string;
  activity: PresenceActivity;
  /** When they began what they are doing. */
  since: number;
  /** When the report lapses unless the service renews it. */
  until: number;
}

const rank = (activity: PresenceActivity) => presenceActivities.indexOf(activity);

/** Who is on which case: one entry per person and case (their strongest activity, there longest). */
export class PresenceBoard {
  #entries: readonly PersonOnCase[] = [];
  #listeners = new Set<() => void>();
  #lapse: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clock: () => number = () => Date.now()) {}

  /** Takes the service's list, as it came down the poke stream. */
  set(list: PresenceList): void {
    const now = this.clock();
    const byPersonAndCase = new Map<string, PersonOnCase>();
    for (const entry of list.entries) {
      const key = `${entry.userId}\u0000${entry.disputeId}`;
      const next: PersonOnCase = {
        userId: entry.userId,
        name: entry.name,
        role: entry.role,
        disputeId: entry.disputeId,
        activity: entry.activity,
        since: now - entry.forMs,
        until: now + entry.expiresInMs,
      };
      const held = byPersonAndCase.get(key);
      // Two windows of one person on one case: the more they are doing, and the later lapse.
      if (held === undefined || rank(next.activity) > rank(held.activity)) byPersonAndCase.set(key, held ? { ...next, until: Math.max(next.until, held.until) } : next);
      else held.until = Math.max(held.until, next.until);
    }
    this.#replace([...byPersonAndCase.values()]);
  }

  /** Forgets everything: the stream ended, or the person signed out. */
  clear(): void {
    if (this.#entries.length > 0) this.#replace([]);
  }

  /** For `useSyncExternalStore`: the same array until something changes. */
  getSnapshot = (): readonly PersonOnCase[] => this.#entries;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #replace(entries: PersonOnCase[]): void {
    clearTimeout(this.#lapse);
    const now = this.clock();
    this.#entries = entries.filter((entry) => entry.until > now);
    // The next lapse by this desk's clock: a colleague whose desk went quiet disappears then.
    const next = Math.min(...this.#entries.map((entry) => entry.until));
    if (Number.isFinite(next)) this.#lapse = setTimeout(() => this.#replace([...this.#entries]), Math.max(0, next - now) + 10);
    for (const listener of this.#listeners) listener();
  }
}

/** The people other than `selfUserId` on `disputeId`, the one doing most first. */
export function othersOnCase(entries: readonly PersonOnCase[], disputeId: string, selfUserId: string | undefined): PersonOnCase[] {
  return entries
    .filter((entry) => entry.disputeId === disputeId && entry.userId !== selfUserId)
    .sort((a, b) => rank(b.activity) - rank(a.activity) || a.since - b.since);
}

/** What one window holds: this person is on `disputeId`, doing `activity`. */
interface Hold {
  disputeId: string;
  activity: PresenceActivity;
}

/**
 * Tells the case service what this window's person is doing. Screens hold what they show (the case
 * view holds "viewing", a ruling form "ruling"); the strongest hold, the latest among equals, is
 * reported on every change and renewed every heartbeat; none left reports "on no case".
 */
export class PresenceReporter {
  /** This window, as the service tells it apart from the person's other windows. */
  readonly deskId = crypto.randomUUID();
  #holds: Hold[] = [];
  #session: { serviceUrl: string; token: string } | undefined;
  #sent: string | undefined;
  #renew: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {}

  /** Reports for a signed-in session from now on; a page that goes away says so as it goes. */
  start(session: { serviceUrl: string; token: string }): void {
    this.#session = session;
    this.#sent = undefined;
    globalThis.addEventListener?.('pagehide', this.#leaving);
    this.#update();
  }

  /** Says "on no case" for this session and stops reporting (signing out, another service). */
  stop(): void {
    globalThis.removeEventListener?.('pagehide', this.#leaving);
    if (this.#session && this.#sent !== undefined && this.#sent !== 'none') void this.#send(this.#session, null, true);
    this.#session = undefined;
    this.#sent = undefined;
    clearInterval(this.#renew);
    this.#renew = undefined;
  }

  /** Holds "this person is on `disputeId`, doing `activity`" until the returned function is called. */
  hold(disputeId: string, activity: PresenceActivity): () => void {
    const held: Hold = { disputeId, activity };
    this.#holds.push(held);
    this.#update();
    return () => {
      this.#holds = this.#holds.filter((other) => other !== held);
      this.#update();
    };
  }

  /** What is reported now: the strongest hold, the latest among equals. */
  current(): Hold | null {
    let strongest: Hold | null = null;
    for (const held of this.#holds) if (strongest === null || rank(held.activity) >= rank(strongest.activity)) strongest = held;
    return strongest;
  }

  #leaving = () => {
    if (this.#session) void this.#send(this.#session, null, true);
  };

  #update(): void {
    const session = this.#session;
    if (!session) return;
    const now = this.current();
    const key = now === null ? 'none' : `${now.disputeId}\u0000${now.activity}`;
    if (key === this.#sent) return;
    // Nothing was ever reported by this window: "on no case" is already what the service holds.
    if (!(key === 'none' && this.#sent === undefined)) void this.#send(session, now, false);
    this.#sent = key;
    clearInterval(this.#renew);
    this.#renew = undefined;
    if (now !== null) {
      this.#renew = setInterval(() => {
        const held = this.current();
        if (this.#session && held) void this.#send(this.#session, held, false);
      }, presenceTiming.heartbeatMs);
    }
  }

  async #send(session: { serviceUrl: string; token: string }, hold: Hold | null, keepalive: boolean): Promise<void> {
    try {
      const response = await this.fetchImpl(new URL('/presence', session.serviceUrl).toString(), {
        method: 'PUT',
        headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ deskId: this.deskId, disputeId: hold?.disputeId ?? null, activity: hold?.activity ?? 'viewing' }),
        keepalive,
      });
      // Refused (an old service without presence, a dispute it no longer has, too many windows): work goes on.
      if (!response.ok && response.status !== 404) log.info('the case service did not take this window\'s presence', { status: response.status });
    } catch {
      // Offline: colleagues see this person gone within a minute, which is the truth they can know.
    }
  }
}
