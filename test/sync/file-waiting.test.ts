// Issue 17, item 4c: the desk sends an evidence file only when the case service says it waits for
// it, and a file that can never be sent does not jam the outbox. The desk runs the app's own
// outbox and push (renderer/data) on fake-indexeddb; the service is the real one on PGlite.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskDatabase, type SessionRecord } from '../../renderer/data/db';
import { enqueueMutation } from '../../renderer/data/outbox';
import { login } from '../../renderer/data/service-client';
import { pullAll, pushPending, type BlobSender } from '../../renderer/data/sync';
import { testRecordsKey } from '../../renderer/data/test-fixtures';
import { makeDispute, makeRequest } from '../../shared/domain/test-fixtures';
import { createCaseService } from '../../server/app';
import { openPglite, type Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { insertDisputes } from '../../server/seed';
import { readDispute } from '../../server/store';
import { insertTestUsers, testTeam } from '../../server/test-service';

const serviceUrl = 'http://case-service.test';
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a desk pushing evidence whose file the case service lacks', () => {
  let db: Database;
  let fetchImpl: typeof fetch;
  let session: SessionRecord;
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString();

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    await insertTestUsers(db, testTeam, (username) => `${username}-pw`);
    const disputes = ['D-001', 'D-002', 'D-003', 'D-004', 'D-005'].map((id) =>
      makeDispute({ id, state: 'awaiting_evidence', evidence: [], evidenceRequests: [makeRequest({ id: 'R-1', kinds: ['photo'], requestedAt: new Date().toISOString(), dueAt: due })] }),
    );
    await insertDisputes(db, disputes, new Date().toISOString());
    // Files over 8 KB are too large for this service: the desk's "can never be sent" answer.
    const app = createCaseService({ db, maxBlobBytes: 8192 });
    fetchImpl = async (input, init) => app.fetch(new Request(input, init));
    const signedIn = await login(fetchImpl, serviceUrl, 'ana', 'ana-pw');
    if (!signedIn.ok) throw new Error(signedIn.failure.message);
    session = { key: 'session', serviceUrl, ...signedIn.value };
  });
  afterAll(() => db.close());

  /** A desk with its own evidence store (a map of digest to bytes) and a sender that PUTs from it, counting what it sent. */
  async function openDesk(files: Map<string, Uint8Array>) {
    const desk = new DeskDatabase(`waiting-test-${crypto.randomUUID()}`, { sealing: testRecordsKey });
    const pulled = await pullAll(desk, session, undefined, fetchImpl);
    expect(pulled.ok).toBe(true);
    const sent: string[] = [];
    const sendBlob: BlobSender = async (sha256, who) => {
      const bytes = files.get(sha256);
      if (bytes === undefined) return 'missing';
      sent.push(sha256);
      const response = await fetchImpl(`${serviceUrl}/blobs/${sha256}`, { method: 'PUT', body: new Uint8Array(bytes), headers: { authorization: `Bearer ${who.token}`, 'content-type': 'image/jpeg' } });
      if (response.status === 413) return 'too_large';
      return response.ok ? 'sent' : 'retry';
    };
    return { desk, sent, sendBlob };
  }

  const add = (desk: DeskDatabase, disputeId: string, id: string, sha256: string) =>
    enqueueMutation(desk, session, 'evidence.add', {
      disputeId,
      item: { id, party: 'buyer', requestId: 'R-1', kind: 'photo', channel: 'upload', sha256, fileName: `${id}.jpg`, description: 'The parcel', submittedAt: new Date().toISOString(), flags: [] },
    }, new Date().toISOString());
  const serviceItem = async (disputeId: string, id: string) => (await readDispute(db, disputeId))!.evidence.find((item) => item.id === id);

  it('uploads a file when the service waits for it, then the change applies; a file it holds is never sent again', async () => {
    const bytes = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const { desk, sent, sendBlob } = await openDesk(new Map([[digest(bytes), bytes]]));
    expect((await add(desk, 'D-001', 'E-one', digest(bytes))).ok).toBe(true);
    expect(await pushPending(desk, session, fetchImpl, sendBlob)).toEqual({ ok: true });
    expect(sent).toEqual([digest(bytes)]);
    expect((await serviceItem('D-001', 'E-one'))?.serviceFindings?.file).toBe('checked');

    expect((await add(desk, 'D-002', 'E-two', digest(bytes))).ok).toBe(true);
    expect(await pushPending(desk, session, fetchImpl, sendBlob)).toEqual({ ok: true });
    expect(sent).toHaveLength(1);
    expect((await serviceItem('D-002', 'E-two'))?.serviceFindings?.flags.map((flag) => flag.code)).toEqual(['duplicate_exact']);
    expect(await desk.outbox.where('status').equals('pending').count()).toBe(0);
  });

  it('records the change without its file when the file is too large for the service or gone from the desk, so the outbox never jams', async () => {
    const large = new Uint8Array(20_000).fill(7);
    const { desk, sendBlob } = await openDesk(new Map([[digest(large), large]]));
    expect((await add(desk, 'D-003', 'E-large', digest(large))).ok).toBe(true);
    expect((await add(desk, 'D-004', 'E-gone', 'c'.repeat(64))).ok).toBe(true);
    expect(await pushPending(desk, session, fetchImpl, sendBlob)).toEqual({ ok: true });
    expect((await serviceItem('D-003', 'E-large'))?.serviceFindings?.file).toBe('not_sent_too_large');
    expect((await serviceItem('D-004', 'E-gone'))?.serviceFindings?.file).toBe('not_sent_missing');
    const outbox = await desk.outbox.toArray();
    expect(outbox.map((entry) => [entry.status, (entry.args as { fileNotSent?: string }).fileNotSent])).toEqual([
      ['applied', 'too_large'],
      ['applied', 'missing'],
    ]);
  });

  it('keeps the change waiting, and the service unchanged, while the file cannot be sent yet', async () => {
    const { desk } = await openDesk(new Map());
    expect((await add(desk, 'D-005', 'E-later', 'd'.repeat(64))).ok).toBe(true);
    const unreachable: BlobSender = async () => 'unreachable';
    expect(await pushPending(desk, session, fetchImpl, unreachable)).toMatchObject({ ok: false, failure: { kind: 'offline' } });
    expect(await desk.outbox.where('status').equals('pending').count()).toBe(1);
    expect(await serviceItem('D-005', 'E-later')).toBeUndefined();
    // Without a way to send files at all, the push stops there too instead of going round.
    expect(await pushPending(desk, session, fetchImpl)).toMatchObject({ ok: false, failure: { kind: 'refused' } });
  });
});
