import { describe, expect, it } from 'vitest';
import { openPokeChannel, pauseBeforeReconnect, takeEvents } from './poke-channel';

const session = { serviceUrl: 'http://127.0.0.1:4000', token: 'tok' };

/** A response streaming `chunks` of server-sent event text, then ending. */
function streamed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream' } },
  );
}

const until = async (condition: () => boolean, withinMs = 2_000) => {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('the poke channel', () => {
  it('reads events split anywhere across chunks, and no event from comments alone', () => {
    const first = takeEvents('event: hello\ndata: {}\n\n: still here\n\nevent: cha');
    expect(first.events).toEqual([{ name: 'hello', data: '{}' }]);
    const second = takeEvents(`${first.rest}nge\r\ndata: {"version":3}\r\n\r\n`);
    expect(second).toEqual({ events: [{ name: 'change', data: '{"version":3}' }], rest: '' });
  });

  it('waits longer after each failure in a row, within a ceiling, never all the same', () => {
    const low = () => 0;
    const high = () => 0.999;
    expect(pauseBeforeReconnect(1, 1_000, 60_000, low)).toBe(500);
    expect(pauseBeforeReconnect(3, 1_000, 60_000, low)).toBe(2_000);
    expect(pauseBeforeReconnect(30, 1_000, 60_000, high)).toBeLessThanOrEqual(60_000);
    expect(pauseBeforeReconnect(30, 1_000, 60_000, low)).toBe(30_000);
  });

  it('pokes on opening and on each change, opens again after a drop, and stops for good when the sign-in is refused', async () => {
    const asked: { url: string; authorization: string | null }[] = [];
    const answers: (() => Response)[] = [
      () => streamed(['event: hello\ndata: {}\n\n', 'event: change\ndata: {"version":4}\n\n: still here\n\n']),
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => new Response(JSON.stringify({ error: { code: 'token_expired' } }), { status: 401 }),
    ];
    const fetchImpl: typeof fetch = async (input, init) => {
      asked.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return answers.shift()!();
    };
    let pokes = 0;
    let signedOut = 0;
    const channel = openPokeChannel(session, { onPoke: () => (pokes += 1), onSignedOut: () => (signedOut += 1) }, { fetchImpl, firstPauseMs: 10, maxPauseMs: 40 });
    await until(() => signedOut === 1);
    expect(pokes).toBe(2);
    expect(asked).toHaveLength(3);
    expect(asked[0]).toEqual({ url: 'http://127.0.0.1:4000/events', authorization: 'Bearer tok' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(asked).toHaveLength(3);
    channel.close();
  });

  it('hands on the presence the service sends, leaves out what it cannot read, and says when the stream ended', async () => {
    const entry = { userId: 'u-cm-2', name: 'Mateo', role: 'case_manager', deskId: 'desk-0001', disputeId: 'D-1', activity: 'ruling', forMs: 120_000, expiresInMs: 45_000 };
    const fetchImpl: typeof fetch = async () =>
      streamed([
        'event: hello\ndata: {}\n\n',
        `event: presence\ndata: ${JSON.stringify({ entries: [entry] })}\n\n`,
        'event: presence\ndata: {"entries":[{"userId":"u-cm-2"}]}\n\n',
        'event: presence\ndata: not json\n\n',
      ]);
    const heard: unknown[] = [];
    let closed = 0;
    const channel = openPokeChannel(session, { onPoke: () => undefined, onSignedOut: () => undefined, onPresence: (list) => heard.push(list), onClosed: () => (closed += 1) }, { fetchImpl, firstPauseMs: 1_000, maxPauseMs: 1_000 });
    await until(() => closed === 1);
    expect(heard).toEqual([{ entries: [entry] }]);
    channel.close();
  });

  it('stops asking once closed, and takes a signed_out event as the end', async () => {
    let asked = 0;
    const fetchImpl: typeof fetch = async () => {
      asked += 1;
      return asked === 1 ? new Response('Starting', { status: 503 }) : streamed(['event: signed_out\ndata: {"message":"expired"}\n\n']);
    };
    let signedOut = 0;
    const channel = openPokeChannel(session, { onPoke: () => undefined, onSignedOut: () => (signedOut += 1) }, { fetchImpl, firstPauseMs: 10, maxPauseMs: 20 });
    await until(() => signedOut === 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(asked).toBe(2);
    channel.close();

    let again = 0;
    const closed = openPokeChannel(session, { onPoke: () => undefined, onSignedOut: () => undefined }, {
      fetchImpl: async () => {
        again += 1;
        throw new TypeError('Failed to fetch');
      },
      firstPauseMs: 10,
      maxPauseMs: 10,
    });
    await until(() => again >= 2);
    closed.close();
    const seen = again;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(again).toBe(seen);
  });

  it('takes a stream silent past its heartbeats for dead, as after a laptop slept, and opens another', async () => {
    let asked = 0;
    const cancelled: boolean[] = [];
    const fetchImpl: typeof fetch = async (_input, init) => {
      asked += 1;
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('event: hello\ndata: {}\n\n'));
          // Then nothing, ever: only the desk's own silence check ends it.
          init?.signal?.addEventListener('abort', () => {
            cancelled.push(true);
            controller.error(new DOMException('aborted', 'AbortError'));
          });
        },
      });
      return new Response(body, { status: 200 });
    };
    let pokes = 0;
    const channel = openPokeChannel(session, { onPoke: () => (pokes += 1), onSignedOut: () => undefined }, { fetchImpl, firstPauseMs: 10, maxPauseMs: 10, silentMs: 50 });
    await until(() => asked >= 2 && pokes >= 2);
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    channel.close();
  });
});
