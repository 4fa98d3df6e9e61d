import { createLogger } from '../shared/logger';
import type { User } from '../shared/sync/protocol';

// The poke channel (issue 21): each connected desk holds one `GET /events` stream, and is told
// within a second that something it may see has changed, so it pulls at once instead of at its
// next 30-second poll. A poke carries no data: what changed still comes by pull, so a poke lost to a
// dropped connection costs a delay, never a change. Every writer moves the change counter, and the
// statement that moves it also notifies `pokeChannel` (store.ts); the database delivers that at
// commit to every instance listening, PGlite in-process and PostgreSQL across instances.

const log = createLogger('pokes');

/** The database channel every instance notifies when the change counter moves. */
export const pokeChannel = 'desk_changes';

/** How many poke streams may be open, how often they hear a heartbeat, how pokes are gathered. */
export interface PokeLimits {
  /** Streams one user may hold at once: a few windows on a few computers. */
  perUser: number;
  /** Streams one instance holds at most; beyond it desks fall back to polling. */
  total: number;
  /** A comment line this often keeps proxies from closing an idle stream; each sign-in is checked again then. */
  heartbeatMs: number;
  /** Changes this close together become one poke: a burst of 10,000 is a handful of pulls. */
  gatherMs: number;
  /** A desk that has not read this many bytes of its stream is too slow to keep: it is closed and polls. */
  maxQueuedBytes: number;
}

export const defaultPokeLimits: PokeLimits = { perUser: 8, total: 5_000, heartbeatMs: 20_000, gatherMs: 50, maxQueuedBytes: 64 * 1024 };

/** What checks, at each heartbeat, that a stream's sign-in still stands. */
export type StillSignedIn = (token: string) => Promise<boolean>;

interface Subscriber {
  user: User;
  token: string;
  send(text: string): void;
  close(): void;
}

const encoder = new TextEncoder();

/** An SSE event as text. */
function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The refusal a stream gets instead of opening, worded for the person whose desk asked. */
export type PokeRefusal = { code: 'too_many_attempts' | 'unavailable'; message: string };

/** The streams open on this instance, and the pokes they are sent. */
export class PokeHub {
  readonly #subscribers = new Set<Subscriber>();
  #version = 0;
  #gathering: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stillSignedIn: StillSignedIn,
    private readonly limits: PokeLimits = defaultPokeLimits,
  ) {}

  /** How many streams are open, in all and for one user. */
  count(userId?: string): number {
    if (userId === undefined) return this.#subscribers.size;
    let count = 0;
    for (const subscriber of this.#subscribers) if (subscriber.user.id === userId) count += 1;
    return count;
  }

  /**
   * Opens a stream for a signed-in user. It starts with `hello` and the `greeting` events, then carries
   * `change` pokes, `presence` and heartbeat comments, and ends with `signed_out` when the sign-in expires or is
   * revoked. Refused beyond the limits.
   */
  open(user: User, token: string, greeting: { name: string; data: unknown }[] = []): { ok: true; stream: ReadableStream<Uint8Array> } | ({ ok: false } & PokeRefusal) {
    if (this.count(user.id) >= this.limits.perUser) {
      return { ok: false, code: 'too_many_attempts', message: `You already have ${this.limits.perUser} live connections to the case service; close a window of Dispute Desk. This one checks for changes every 30 seconds instead.` };
    }
    if (this.#subscribers.size >= this.limits.total) {
      log.warn('poke streams are at their limit', { total: this.limits.total });
      return { ok: false, code: 'unavailable', message: 'The case service has as many live connections as it takes. Dispute Desk checks for changes every 30 seconds instead.' };
    }
    let subscriber: Subscriber | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        let open = true;
        subscriber = {
          user,
          token,
          send: (text) => {
            if (!open) return;
            if ((controller.desiredSize ?? 0) < -this.limits.maxQueuedBytes) {
              log.warn('closed a poke stream its desk did not read', { userId: user.id });
              subscriber?.close();
              return;
            }
            controller.enqueue(encoder.encode(text));
          },
          close: () => {
            if (!open) return;
            open = false;
            this.#remove(subscriber!);
            controller.close();
          },
        };
        this.#subscribers.add(subscriber);
        subscriber.send(event('hello', {}));
        for (const first of greeting) subscriber.send(event(first.name, first.data));
        this.#startHeartbeat();
      },
      cancel: () => {
        // The desk went away: closing the window, losing the network, a new sign-in.
        if (subscriber) this.#remove(subscriber);
      },
    });
    return { ok: true, stream };
  }

  /** The change counter moved to `version` (or somewhere unknown: undefined); every stream hears it soon. */
  notify(version?: number): void {
    if (version !== undefined && version > this.#version) this.#version = version;
    if (this.#gathering !== undefined) return;
    this.#gathering = setTimeout(() => {
      this.#gathering = undefined;
      const text = event('change', { version: this.#version });
      for (const subscriber of [...this.#subscribers]) subscriber.send(text);
    }, this.limits.gatherMs);
  }

  /** Sends one event to every stream now (presence, which carries its data, unlike a poke). */
  broadcast(name: string, data: unknown): void {
    const text = event(name, data);
    for (const subscriber of [...this.#subscribers]) subscriber.send(text);
  }

  /** Ends every stream (the service is stopping); desks reconnect to whichever instance answers. */
  close(): void {
    clearTimeout(this.#gathering);
    this.#gathering = undefined;
    for (const subscriber of [...this.#subscribers]) subscriber.close();
    this.#stopHeartbeat();
  }

  #remove(subscriber: Subscriber): void {
    this.#subscribers.delete(subscriber);
    if (this.#subscribers.size === 0) this.#stopHeartbeat();
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => void this.#beat(), this.limits.heartbeatMs);
    this.#heartbeat.unref?.();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /** A comment to every stream, and each distinct sign-in checked once: an expired one is told and closed. */
  async #beat(): Promise<void> {
    const byToken = new Map<string, Subscriber[]>();
    for (const subscriber of this.#subscribers) {
      subscriber.send(': still here\n\n');
      byToken.set(subscriber.token, [...(byToken.get(subscriber.token) ?? []), subscriber]);
    }
    for (const [token, subscribers] of byToken) {
      let standing: boolean;
      try {
        standing = await this.stillSignedIn(token);
      } catch (error) {
        // The database did not answer: keep the stream; the next beat asks again.
        log.warn('could not check a poke stream\'s sign-in', { error: String(error) });
        continue;
      }
      if (standing) continue;
      for (const subscriber of subscribers) {
        subscriber.send(event('signed_out', { message: 'Your sign-in has expired. Sign in again; changes made offline are kept and sent afterwards.' }));
        subscriber.close();
      }
    }
  }
}
