import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isItemLate } from '../shared/domain/lateness';
import type { Dispute, EvidenceItem } from '../shared/domain/model';
import { findingDisagreements } from '../shared/domain/service-findings';
import { makeDispute, makeRequest } from '../shared/domain/test-fixtures';
import { syncSchemaVersion, type PushResponse } from '../shared/sync/protocol';
import { createCaseService } from './app';
import type { Database } from './db/database';
import { testDatabaseKinds } from './db/testing';
import { insertDisputes } from './seed';
import { readDispute } from './store';
import { insertTestUsers, testTeam } from './test-service';

// Issue 17, item 4: the service re-derives what it can check about evidence from the bytes it
// holds and its own clock, keeps it beside what the desk claimed, and waits for a file it lacks.

const seconds = 1000;
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real JPEG of `width` pixels square. */
function jpeg(width: number, seed: number): Promise<Buffer> {
  return sharp({ create: { width, height: width, channels: 3, background: { r: seed % 256, g: 80, b: 40 } } })
    .jpeg()
    .toBuffer();
}

/** A PNG of random pixels: it does not compress, so 900 px square is about 2.4 MB. */
function noisyPng(width: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * width * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
  return sharp(pixels, { raw: { width, height: width, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

describe.each(testDatabaseKinds())('the service checks evidence itself, on $name', (kind) => {
  let db: Database;
  let app: ReturnType<typeof createCaseService>;
  let clock = new Date('2026-11-26T10:00:00.000Z');
  const tokens: Record<string, string> = {};
  let nextClient = 0;
  const client = () => `client-findings-${String((nextClient += 1)).padStart(3, '0')}`;

  // D-001 … D-006 each have a request R-1 to the buyer for a video, due at 09:00, before the clock.
  const dueAt = '2026-11-26T09:00:00.000Z';
  const disputeIds = ['D-001', 'D-002', 'D-003', 'D-004', 'D-005', 'D-006'];

  beforeAll(async () => {
    db = await kind.open();
    await insertTestUsers(db, testTeam, (username) => `${username}-pw`);
    const disputes = disputeIds.map((id) =>
      makeDispute({ id, state: 'awaiting_evidence', evidence: [], evidenceRequests: [makeRequest({ id: 'R-1', party: 'buyer', kinds: ['video'], requestedAt: '2026-11-20T09:00:00.000Z', dueAt })] }),
    );
    await insertDisputes(db, disputes, clock.toISOString());
    app = createCaseService({ db, now: () => clock, maxBlobBytes: 4 * 1000 * 1000 });
    for (const user of testTeam) {
      const response = await app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username: user.username, password: `${user.username}-pw` }), headers: { 'content-type': 'application/json' } });
      tokens[user.username] = ((await response.json()) as { token: string }).token;
    }
  }, 60 * seconds);
  afterAll(() => db.close());

  const upload = async (bytes: Uint8Array, mediaType: string) => {
    const response = await app.request(`/blobs/${digest(bytes)}`, { method: 'PUT', body: new Uint8Array(bytes), headers: { authorization: `Bearer ${tokens.ana}`, 'content-type': mediaType } });
    expect(response.status).toBeLessThan(300);
  };
  const push = async (clientId: string, mutations: unknown[]): Promise<PushResponse> => {
    const response = await app.request('/sync/push', {
      method: 'POST',
      body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId, mutations: mutations.map((mutation) => ({ clientId, ...(mutation as object) })) }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.ana}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as PushResponse;
  };
  const versionOf = async (disputeId: string) => (await readDispute(db, disputeId))!.version;
  const addEvidence = async (disputeId: string, mutationId: number, item: Partial<EvidenceItem> & { id: string }, extra: Record<string, unknown> = {}) => ({
    mutationId,
    name: 'evidence.add',
    baseVersion: await versionOf(disputeId),
    args: {
      disputeId,
      item: { party: 'buyer', requestId: 'R-1', kind: 'photo', channel: 'upload', description: 'The parcel as it arrived', submittedAt: '2026-11-26T08:00:00.000Z', flags: [], ...item },
      ...extra,
    },
  });
  const stored = async (disputeId: string, evidenceId: string) => (await readDispute(db, disputeId))!.evidence.find((item) => item.id === evidenceId)!;
  const auditOf = async (evidenceId: string) => {
    const [row] = await db.query<{ payload: Record<string, unknown> }>("SELECT payload FROM audit_log WHERE action = 'evidence.add' AND payload->>'evidenceId' = $1", [evidenceId]);
    return row?.payload;
  };
  const codes = (item: EvidenceItem) => (item.serviceFindings?.flags ?? []).map((flag) => flag.code).sort();

  it(
    'records what the bytes say beside a desk that claimed a flag they do not support and omitted one they do',
    async () => {
      const bytes = await jpeg(64, 1);
      await upload(bytes, 'image/png');
      // A JPEG named .png: renamed. Small: not over the limit, whatever the desk says.
      const desk = [{ code: 'over_upload_limit' as const, reason: 'Uploaded at 3.0 MB, over the 2 MB upload limit.', details: { sizeBytes: 3_000_000, limitBytes: 2_000_000 } }];
      const answer = await push(client(), [await addEvidence('D-001', 1, { id: 'E-claims', sha256: digest(bytes), fileName: 'parcel.png', mediaType: 'image/png', sizeBytes: 3_000_000, flags: desk })]);
      expect(answer.outcomes).toEqual([{ mutationId: 1, status: 'applied' }]);
      const item = await stored('D-001', 'E-claims');
      expect(item.serviceFindings).toMatchObject({ file: 'checked', sniffedType: 'image/jpeg', sizeBytes: bytes.byteLength, checkedAt: clock.toISOString() });
      // Late (the service's clock is past the due date), renamed, and a photo where a video was asked.
      expect(codes(item)).toEqual(['format_not_requested', 'late', 'type_mismatch']);
      const disagreements = findingDisagreements(item).map(({ code, deskSaid }) => ({ code, deskSaid }));
      expect(disagreements).toEqual([
        { code: 'late', deskSaid: false },
        { code: 'over_upload_limit', deskSaid: true },
        { code: 'format_not_requested', deskSaid: false },
        { code: 'type_mismatch', deskSaid: false },
      ]);
      expect(await auditOf('E-claims')).toMatchObject({
        flags: ['over_upload_limit'],
        receivedAt: clock.toISOString(),
        serviceFindings: { file: 'checked', sniffedType: 'image/jpeg', flags: expect.arrayContaining(['type_mismatch', 'late', 'format_not_requested']) },
      });
    },
    60 * seconds,
  );

  it(
    'keeps an evidence.add waiting, unrecorded, until its file is uploaded, then applies it',
    async () => {
      const bytes = await jpeg(48, 2);
      const clientId = client();
      const counts = async () => Promise.all(['mutation_outcomes', 'audit_log'].map(async (table) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n));
      const before = await counts();
      const note = { mutationId: 1, name: 'case.note', baseVersion: await versionOf('D-002'), args: { disputeId: 'D-002', note: { id: 'N-1', text: 'Asked the buyer for a photo.' } } };
      const add = await addEvidence('D-002', 2, { id: 'E-waits', sha256: digest(bytes), fileName: 'parcel.jpg', mediaType: 'image/jpeg', sizeBytes: bytes.byteLength });
      const first = await push(clientId, [note, add]);
      expect(first.outcomes).toEqual([{ mutationId: 1, status: 'applied' }]);
      expect(first.lastMutationId).toBe(1);
      expect(first.waiting).toMatchObject({ mutationId: 2, code: 'file_not_uploaded', sha256: digest(bytes) });
      expect(first.waiting!.message).toMatch(/Send the file/);
      expect(await stored('D-002', 'E-waits')).toBeUndefined();
      const [outcomes, audit] = await counts();
      expect([outcomes, audit]).toEqual([before[0]! + 1, before[1]! + 1]);

      await upload(bytes, 'image/jpeg');
      const second = await push(clientId, [add]);
      expect(second).toEqual({ outcomes: [{ mutationId: 2, status: 'applied' }], lastMutationId: 2 });
      expect((await stored('D-002', 'E-waits')).serviceFindings?.file).toBe('checked');
    },
    60 * seconds,
  );

  it(
    'judges lateness on its own clock, not on a forged submittedAt, and against the due date as it is now',
    async () => {
      const bytes = await jpeg(40, 3);
      await upload(bytes, 'image/jpeg');
      const clientId = client();
      // The desk says it was submitted a day before the due date and claims nothing late.
      await push(clientId, [await addEvidence('D-003', 1, { id: 'E-forged', sha256: digest(bytes), fileName: 'parcel.jpg', submittedAt: '2026-11-25T09:00:00.000Z' })]);
      const item = await stored('D-003', 'E-forged');
      expect(item.receivedAt).toBe(clock.toISOString());
      expect(item.serviceFindings!.flags.find((flag) => flag.code === 'late')?.details).toEqual({ submittedAt: clock.toISOString(), dueAt });
      let dispute: Dispute = (await readDispute(db, 'D-003'))!;
      expect(isItemLate(item, dispute.evidenceRequests)).toBe(true);
      const claim = { mutationId: 2, name: 'dispute.claim', baseVersion: dispute.version, args: { disputeId: 'D-003' } };
      const extend = { mutationId: 3, name: 'evidence.extendDue', baseVersion: dispute.version + 1, args: { disputeId: 'D-003', requestId: 'R-1', dueAt: '2026-11-27T09:00:00.000Z' } };
      expect((await push(clientId, [claim, extend])).outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      dispute = (await readDispute(db, 'D-003'))!;
      // The finding records what was true when it arrived; the live rule says it is no longer late.
      expect(isItemLate(dispute.evidence[0]!, dispute.evidenceRequests)).toBe(false);
    },
    60 * seconds,
  );

  it(
    'flags bytes already submitted in another case, and a file over the upload limit',
    async () => {
      const bytes = await noisyPng(900);
      expect(bytes.byteLength).toBeGreaterThan(2_000_000);
      await upload(bytes, 'image/png');
      const clientId = client();
      await push(clientId, [await addEvidence('D-004', 1, { id: 'E-first', sha256: digest(bytes), fileName: 'box.png', kind: 'photo' })]);
      clock = new Date('2026-11-26T11:00:00.000Z');
      await push(clientId, [await addEvidence('D-005', 2, { id: 'E-again', sha256: digest(bytes), fileName: 'box.png', kind: 'photo' })]);
      const first = await stored('D-004', 'E-first');
      const again = await stored('D-005', 'E-again');
      expect(codes(first)).toEqual(['format_not_requested', 'late', 'over_upload_limit']);
      expect(codes(again)).toEqual(['duplicate_exact', 'format_not_requested', 'late', 'over_upload_limit']);
      expect(again.serviceFindings!.flags.find((flag) => flag.code === 'duplicate_exact')!.details).toMatchObject({ otherDisputeId: 'D-004', otherParty: 'buyer' });
    },
    60 * seconds,
  );

  it(
    'checks only what needs no bytes for a link without a file, and for a file the desk could never send',
    async () => {
      const clientId = client();
      const link = await addEvidence('D-006', 1, { id: 'E-link', channel: 'external_link', url: 'https://files.example.com/unboxing.mp4', kind: 'video' });
      const never = await addEvidence('D-006', 2, { id: 'E-huge', sha256: 'b'.repeat(64), fileName: 'unboxing.mp4', kind: 'video' }, { fileNotSent: 'too_large' });
      never.baseVersion += 1;
      expect((await push(clientId, [link, never])).outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      expect((await stored('D-006', 'E-link')).serviceFindings).toMatchObject({ file: 'no_file', flags: [{ code: 'late' }] });
      expect((await stored('D-006', 'E-huge')).serviceFindings).toMatchObject({ file: 'not_sent_too_large', flags: [{ code: 'late' }] });
      expect(await auditOf('E-huge')).toMatchObject({ fileNotSent: 'too_large', serviceFindings: { file: 'not_sent_too_large', flags: ['late'] } });
    },
    60 * seconds,
  );

  it(
    'names each new item E-<dispute number>-<n> in the order it applies them, whatever label a desk sent',
    async () => {
      const clientId = client();
      // D-006 already has the link and the too-large file, added in that order by the test above.
      expect((await stored('D-006', 'E-link')).label).toBe('E-006-1');
      expect((await stored('D-006', 'E-huge')).label).toBe('E-006-2');
      const forged = await addEvidence('D-006', 1, { id: 'f00ba400-0000-4000-8000-000000000001', channel: 'external_link', url: 'https://files.example.com/more.mp4', kind: 'video', label: 'E-006-99' } as Partial<EvidenceItem> & { id: string });
      expect((await push(clientId, [forged])).outcomes.map((outcome) => outcome.status)).toEqual(['applied']);
      expect((await stored('D-006', 'f00ba400-0000-4000-8000-000000000001')).label).toBe('E-006-3');
    },
    60 * seconds,
  );
});
