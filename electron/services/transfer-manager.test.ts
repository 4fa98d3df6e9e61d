import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceService } from './evidence/evidence-service';
import { TransferManager } from './transfer-manager';

// The manager's own rules: order, concurrency and the space limit. Transfers against the real
// case service, and every bad input, are in test/sync/evidence-transfer.test.ts.

let work: string;
let evidence: EvidenceService;
const sha = (digit: string) => digit.repeat(64);

/** A network whose requests wait until the test lets each one fail, as a dropped link does. */
function heldNetwork() {
  const waiting: { url: string; fail: () => void }[] = [];
  const fetchImpl: typeof fetch = (input) =>
    new Promise<Response>((_resolve, reject) => {
      waiting.push({ url: String(input), fail: () => reject(new TypeError('fetch failed')) });
    });
  return { fetchImpl, waiting };
}

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'transfer-manager-'));
  evidence = await EvidenceService.open(path.join(work, 'evidence'));
});

afterEach(async () => {
  evidence.close();
  await rm(work, { recursive: true, force: true });
});

describe('the transfer manager', () => {
  it('runs two downloads at a time, and a file the user opens before the rest of the background list', async () => {
    const network = heldNetwork();
    const transfers = new TransferManager({ evidence, serviceUrl: () => 'http://127.0.0.1:9', spaceLimitBytes: () => 1024 ** 3, fetch: network.fetchImpl });
    await transfers.prefetch(['a', 'b', 'c'].map((digit) => ({ sha256: sha(digit), sizeBytes: 10 })), 'token');
    await expect.poll(() => network.waiting.length).toBe(2);
    const opened = transfers.download(sha('d'), 'token');
    await expect.poll(() => transfers.progress().files.length).toBe(4);
    expect(transfers.progress().files.map((file) => [file.sha256[0], file.state])).toEqual([
      ['a', 'running'],
      ['b', 'running'],
      ['c', 'queued'],
      ['d', 'queued'],
    ]);
    network.waiting[0]!.fail();
    await expect.poll(() => network.waiting.length).toBe(3);
    expect(network.waiting[2]!.url).toContain(sha('d'));
    network.waiting[2]!.fail();
    expect(await opened).toMatchObject({ status: 'unreachable' });
    expect(transfers.progress().files.find((file) => file.sha256 === sha('a'))).toMatchObject({ state: 'stopped' });
  });

  it('holds background files back at the space limit, counting what is stored already', async () => {
    const network = heldNetwork();
    await evidence.store.put(Readable.from([Buffer.alloc(1000, 1)]));
    await evidence.recordFetched((await evidence.store.put(Readable.from([Buffer.alloc(1000, 1)]))).sha256);
    const transfers = new TransferManager({ evidence, serviceUrl: () => 'http://127.0.0.1:9', spaceLimitBytes: () => 1100, fetch: network.fetchImpl });
    const answer = await transfers.prefetch(
      [
        { sha256: sha('a'), sizeBytes: 50 },
        { sha256: sha('b'), sizeBytes: 500 },
      ],
      'token',
    );
    expect(answer.queued).toBe(2);
    await expect.poll(() => transfers.progress().waitingForSpace).toBe(1);
    expect(transfers.progress().files.map((file) => [file.sha256[0], file.state])).toEqual([
      ['a', 'running'],
      ['b', 'waiting_for_space'],
    ]);
    expect(transfers.progress()).toMatchObject({ active: 1, bytesTotal: 50 });
  });

  it('answers plainly when no case service is configured', async () => {
    const transfers = new TransferManager({ evidence, serviceUrl: () => null, spaceLimitBytes: () => 1024 ** 3 });
    expect(await transfers.download(sha('e'), 'token')).toMatchObject({ status: 'no_service' });
    expect(await transfers.upload(sha('e'), 'token', 'video/mp4')).toMatchObject({ status: 'no_service' });
  });
});
