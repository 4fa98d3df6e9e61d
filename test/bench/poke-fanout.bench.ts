import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pushResponseSchema, syncSchemaVersion } from '../../shared/sync/protocol';
import { percentile, round, spreadOf, type Bench, type BenchResult } from './harness';
import type { PokeChildReady } from './poke-service-child';

/**
 * One change heard by many desks (issue 21): 2,000 `GET /events` streams (small: 200) held open
 * from this process against one case service in a child process (poke-service-child.ts), then one
 * claim pushed, five times (after one untimed); for each stream, the milliseconds from just before the push request
 * is sent until that stream reads its `change` event. All deliveries are the samples; the value is
 * their p95. The service gathers changes for 50 ms before it pokes (gatherMs): that wait is in the
 * value, by design.
 *
 * Baseline: the same number of streams held open by the same client against a bare node:http
 * server in the same child process, which on `POST /write` writes one event to every stream it
 * holds; timed the same way, from just before that request is sent until each stream reads it,
 * alternated with the pokes. It is the floor of a fan-out on this machine: sockets, the kernel and
 * this process reading them, without sign-in, the database's notification or the gathering.
 *
 * Also printed: the service's resident memory and heap growth (after a garbage collection) from
 * before the streams opened to after, per stream. At the small size the resident memory's own
 * wandering (tens of MB as V8 and PGlite give pages back) outweighs 200 streams; read it at full size.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

/** The child process's memory, as process.memoryUsage() says it. */
type Memory = { rss: number; heapUsed: number };

/** The case service and the bare server, in a child process that reports its memory. */
interface PokeChild extends PokeChildReady {
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

async function startPokeChild(streams: number, disputes: number): Promise<PokeChild> {
  // Node itself with tsx's loader, not the tsx command: the child's memory is then the service's alone.
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'poke-service-child.ts'), String(streams), String(disputes)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.stdout!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<PokeChildReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as PokeChildReady));
    void exited.then(() => reject(new Error('the benchmark service exited before it listened')));
  });
  return {
    ...ready,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message as Memory));
        child.send('memory');
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A round under way: when it started, and when each stream first heard a `change` since. */
interface Round {
  started: number;
  heard: number[];
  waiting: number;
  done(): void;
}

/** Event streams held open by this process, each timing its first `change` event of a round. */
class Streams {
  readonly #requests: http.ClientRequest[] = [];
  #round: Round | undefined;

  constructor(private readonly agent: http.Agent) {}

  /** Opens `count` streams at `url`, 50 at a time, each once it has read its `hello`. */
  async open(url: string, headers: Record<string, string>, count: number): Promise<void> {
    for (let opened = 0; opened < count; opened += 50) {
      await Promise.all(Array.from({ length: Math.min(50, count - opened) }, () => this.#openOne(url, headers)));
    }
  }

  /** Runs `trigger` and returns, for every stream, the ms from just before it until that stream's first `change`. */
  async time(trigger: () => Promise<void>, limitMs = 60_000): Promise<number[]> {
    const heard = Array.from({ length: this.#requests.length }, () => Number.NaN);
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const round: Round = { started: 0, heard, waiting: heard.length, done };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${round.waiting} of ${heard.length} streams heard no change within ${limitMs} ms`)), limitMs);
    });
    this.#round = round;
    try {
      round.started = performance.now();
      await trigger();
      await Promise.race([all, limit]);
      return heard;
    } finally {
      clearTimeout(timer);
      this.#round = undefined;
    }
  }

  /** Ends every stream. */
  close(): void {
    for (const request of this.#requests) request.destroy();
  }

  #openOne(url: string, headers: Record<string, string>): Promise<void> {
    const index = this.#requests.length;
    return new Promise((resolve, reject) => {
      const request = http.get(url, { agent: this.agent, headers }, (response) => {
        response.setEncoding('utf8');
        // Destroying the request at the end aborts the response: that is no error here.
        response.on('error', () => undefined);
        if (response.statusCode !== 200) {
          let body = '';
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => reject(new Error(`GET ${url} answered ${response.statusCode}: ${body}`)));
          return;
        }
        let buffered = '';
        response.on('data', (chunk: string) => {
          const at = performance.now();
          buffered += chunk;
          for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
            const block = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            if (block.startsWith('event: hello')) resolve();
            else if (block.startsWith('event: change')) this.#heard(index, at);
          }
        });
      });
      request.on('error', reject);
      this.#requests.push(request);
    });
  }

  #heard(index: number, at: number): void {
    const round = this.#round;
    if (!round || !Number.isNaN(round.heard[index])) return;
    round.heard[index] = at - round.started;
    round.waiting -= 1;
    if (round.waiting === 0) round.done();
  }
}

/** Pushes one claim of `dispute` as the bench user, the `mutationId`th of its client, and checks it was applied. */
async function pushClaim(service: PokeChildReady, dispute: { id: string; version: number }, mutationId: number): Promise<void> {
  const clientId = 'bench-poke-fanout';
  const response = await fetch(`${service.url}/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      schemaVersion: syncSchemaVersion,
      clientId,
      mutations: [{ clientId, mutationId, name: 'dispute.claim', args: { disputeId: dispute.id }, baseVersion: dispute.version }],
    }),
  });
  const outcome = pushResponseSchema.parse(await response.json()).outcomes[0];
  if (outcome?.status !== 'applied') throw new Error(`the benchmark's claim of ${dispute.id} was not applied: ${JSON.stringify(outcome)}`);
}

/** Has the bare server write one event to every stream it holds. */
async function bareWrite(child: PokeChildReady): Promise<void> {
  await (await fetch(`${child.bareUrl}/write`, { method: 'POST' })).arrayBuffer();
}

/** One change poked to many open streams; see the comment at the top of this file. */
export const pokeFanout: Bench = {
  name: 'poke-fanout',
  async run(size) {
    const count = size === 'small' ? 200 : 2_000;
    const changes = 5;
    const child = await startPokeChild(count, changes + 1);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const pokes = new Streams(agent);
    const bare = new Streams(agent);
    try {
      const before = await child.memory();
      await pokes.open(`${child.url}/events`, { authorization: `Bearer ${child.token}` }, count);
      const after = await child.memory();
      await bare.open(`${child.bareUrl}/stream`, {}, count);
      // A first change and a first write, untimed: neither timed request pays for a new connection
      // or for compiling the push's code, which a service that has run a while has done long before.
      await pokes.time(() => pushClaim(child, child.disputes[0]!, 1));
      await sleep(100);
      await bare.time(() => bareWrite(child));

      const values: number[] = [];
      const baselines: number[] = [];
      for (const [index, dispute] of child.disputes.slice(1, changes + 1).entries()) {
        values.push(...(await pokes.time(() => pushClaim(child, dispute, index + 2))));
        // Past the gathering, so that no poke of this change is counted in the next round.
        await sleep(100);
        baselines.push(...(await bare.time(() => bareWrite(child))));
      }
      const value = percentile(values, 95);
      const baseline = percentile(baselines, 95);
      const result: BenchResult & { streams: number; memoryPerConnectionBytes: number; heapPerConnectionBytes: number } = {
        bench: 'poke-fanout',
        value: round(value),
        unit: 'ms (p95)',
        baseline: round(baseline),
        ratio: round(value / baseline),
        target: 500,
        size,
        samples: values.length,
        spread: { value: spreadOf(values), baseline: spreadOf(baselines) },
        streams: count,
        memoryPerConnectionBytes: Math.round((after.rss - before.rss) / count),
        heapPerConnectionBytes: Math.round((after.heapUsed - before.heapUsed) / count),
      };
      return result;
    } finally {
      pokes.close();
      bare.close();
      agent.destroy();
      await child.stop();
    }
  },
};
