// A loopback HTTP proxy that misbehaves on purpose, the way networks do: it drops requests, drops
// answers after the service has acted, sends requests twice, and delays them so they overtake one
// another. Seeded, so a failing run can be replayed.
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededFraction } from '../support/random';

/** How often each fault happens, from 0 to 1. */
export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  /** Longest added delay in ms; each request waits a random time up to it. */
  maxDelayMs: number;
}

/** What the proxy did, for the test's report. */
export interface FaultCounts {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
}

/** A running proxy. */
export interface FaultProxy {
  url: string;
  counts: FaultCounts;
  close(): Promise<void>;
}

function send(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer } | null> {
  return new Promise((resolve) => {
    const out = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', () => resolve(null));
      },
    );
    out.on('error', () => resolve(null));
    out.end(body);
  });
}

/** Starts a proxy in front of `targetUrl`, faulting sync calls (`/sync/*`) at the given rates. */
export async function startFaultProxy(targetUrl: string, rates: FaultRates, seed = 1): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const random = seededFraction(seed);
  const counts: FaultCounts = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicated: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const faulty = req.url?.startsWith('/sync/') ?? false;
        counts.requests += 1;
        await new Promise((resolve) => setTimeout(resolve, random() * rates.maxDelayMs));
        if (faulty && random() < rates.dropRequest) {
          counts.droppedRequests += 1;
          res.socket?.destroy();
          return;
        }
        const duplicate = faulty && random() < rates.duplicate;
        if (duplicate) counts.duplicated += 1;
        const [answer] = await Promise.all([send(target, req, body), duplicate ? send(target, req, body) : Promise.resolve(null)]);
        if (answer === null || (faulty && random() < rates.dropResponse)) {
          if (answer !== null) counts.droppedResponses += 1;
          res.socket?.destroy();
          return;
        }
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
