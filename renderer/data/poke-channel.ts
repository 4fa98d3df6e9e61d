import { createLogger } from '../../shared/logger';
import { presenceListSchema, type PresenceList } from '../../shared/sync/presence';

// The desk's end of the poke channel (issue 21, server/pokes.ts): one `GET /events` stream to the
// case service, read with fetch (EventSource cannot send the bearer token). Each `change` asks the
// sync engine to pull; the stream's opening does too, since pokes sent while it was closed are lost.
// A dropped stream is opened again after a pause that doubles up to a minute, with jitter, so desks
// cut off together do not come back together; the 30-second poll goes on regardless.

const log = createLogger('poke-channel');

/** How long a stream must have stood for its drop to count as the first in a row. */
const stoodMs = 30_000;

/**
 * A stream silent this long is taken for dead and opened again: the service writes a heartbeat
 * every 20 s, and a laptop that slept keeps a connection that will never speak again.
 */
const silentMs = 45_000;

/** What the channel tells its owner. */
export interface PokeHandlers {
  /** Something this user may see changed on the service (or may have, while the stream was closed): pull. */
  onPoke(): void;
  /** The service refused the sign-in: the stream stays closed until a new session opens another. */
  onSignedOut(): void;
  /** Who is on which case (shared/sync/presence.ts), as the service sent it; nothing when it sent nonsense. */
  onPresence?(list: PresenceList): void;
  /** The stream ended: what the service said of presence no longer holds. */
  onClosed?(): void;
}

export interface PokeChannelOptions {
  fetchImpl?: typeof fetch;
  /** A number in [0, 1), as `Math.random`: the jitter of the pauses. */
  random?: () => number;
  /** How long a silent stream is kept before it is opened again (45 s). */
  silentMs?: number;
  /** The first pause after a drop, doubling up to `maxPauseMs`. */
  firstPauseMs?: number;
  maxPauseMs?: number;
}

/** The pause before the `failures`-th reconnection: a random point in the upper half of a doubling ceiling. */
export function pauseBeforeReconnect(failures: number, firstMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(failures - 1, 0), 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Splits server-sent event text into complete events (name and data), keeping an unfinished one for later. */
export function takeEvents(buffer: string): { events: { name: string; data: string }[]; rest: string } {
  const events: { name: string; data: string }[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    // A block of comments alone (the heartbeat) is no event.
    if (data.length > 0) events.push({ name, data: data.join('\n') });
  }
  return { events, rest };
}

/** An open poke channel; `close` ends it for good. */
export interface PokeChannel {
  close(): void;
}

/**
 * Opens the poke channel of `session` and keeps it open until `close`: reconnecting after drops,
 * stopping for good when the service says the sign-in no longer stands.
 */
export function openPokeChannel(session: { serviceUrl: string; token: string }, handlers: PokeHandlers, options: PokeChannelOptions = {}): PokeChannel {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const random = options.random ?? Math.random;
  const firstPauseMs = options.firstPauseMs ?? 1_000;
  const maxPauseMs = options.maxPauseMs ?? 60_000;
  const deadAfterMs = options.silentMs ?? silentMs;
  const stopping = new AbortController();
  let failures = 0;
  let pause: ReturnType<typeof setTimeout> | undefined;

  const reconnectLater = () => {
    if (stopping.signal.aborted) return;
    failures += 1;
    pause = setTimeout(() => void connect(), pauseBeforeReconnect(failures, firstPauseMs, maxPauseMs, random));
  };

  const connect = async (): Promise<void> => {
    if (stopping.signal.aborted) return;
    // This stream's own end: closing the channel ends it, and so does a silence (see silentMs).
    const connection = new AbortController();
    const stop = () => connection.abort();
    stopping.signal.addEventListener('abort', stop);
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(stop, deadAfterMs);
    };
    try {
      await read(connection.signal, heard);
    } finally {
      clearTimeout(silence);
      stopping.signal.removeEventListener('abort', stop);
      // Whatever ended the reading, the request ends with it, and what it said of presence.
      stop();
      handlers.onClosed?.();
    }
  };

  const presenceIn = (data: string) => {
    let parsed;
    try {
      parsed = presenceListSchema.safeParse(JSON.parse(data));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) handlers.onPresence?.(parsed.data);
    else log.warn('the case service sent presence this desk cannot read; it is left out');
  };

  /** One stream, from asking to its end; what follows it (another, or nothing) is decided here. */
  const read = async (signal: AbortSignal, heard: () => void): Promise<void> => {
    let response: Response;
    heard();
    try {
      response = await fetchImpl(new URL('/events', session.serviceUrl).toString(), {
        headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal,
      });
    } catch {
      // Offline, or the service is down: the status bar says so from the sync's own failures.
      reconnectLater();
      return;
    }
    if (response.status === 401) {
      handlers.onSignedOut();
      return;
    }
    if (!response.ok || response.body === null) {
      // Refused beyond its limits, or not a service that pokes (an older one answers 404): poll, and ask again later.
      log.info('the case service did not open a poke stream', { status: response.status });
      reconnectLater();
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let openedAt = Date.now();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard();
        const taken = takeEvents(buffer + value);
        buffer = taken.rest;
        for (const { name, data } of taken.events) {
          if (name === 'hello') openedAt = Date.now();
          if (name === 'hello' || name === 'change') handlers.onPoke();
          if (name === 'presence') presenceIn(data);
          if (name === 'signed_out') {
            handlers.onSignedOut();
            stopping.abort();
            return;
          }
        }
        // A stream that sends an endless event without a blank line is not one to keep reading.
        if (buffer.length > 65_536) break;
      }
    } catch {
      // Dropped: the network went, or the service stopped.
    }
    // A stream that stood a while starts the pauses over; one dropped at once keeps doubling them,
    // so a service that closes every stream it opens is not asked again and again.
    if (Date.now() - openedAt >= stoodMs) failures = 0;
    reconnectLater();
  };

  void connect();
  return {
    close() {
      clearTimeout(pause);
      stopping.abort();
    },
  };
}
