import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulingDraft } from '../shared/domain/model';
import { syncSchemaVersion, type MutationOutcome, type PushResponse } from '../shared/sync/protocol';
import { createCaseService } from './app';
import type { Database, Queryable } from './db/database';
import { testDatabaseKinds } from './db/testing';
import { startTestService, type TestService } from './test-service';

// Issue 16, items 1, 2, 3 and 5: every input to the case service is answered with a stable code,
// never a 5xx; nothing a refused input carried is stored or echoed in full; a base version from
// the future and a user who does not exist are refused.

const rationale = 'The tracking shows the parcel never left the origin country.';
const draft = (overrides: Partial<RulingDraft> = {}): RulingDraft => ({ outcome: 'full_refund', rationale, citedEvidenceIds: [], policyCodes: [], ...overrides });
const mebibyte = 'x'.repeat(1024 * 1024);
const badText = { NUL: 'before\u0000after', 'a lone surrogate': 'before\ud800after' };

const evidenceItem = (overrides: Record<string, unknown> = {}) => ({
  id: 'E-new-1',
  party: 'buyer',
  kind: 'photo',
  channel: 'upload',
  sha256: 'a'.repeat(64),
  mediaType: 'image/jpeg',
  sizeBytes: 1000,
  fileName: 'parcel.jpg',
  description: 'The parcel as it arrived',
  submittedAt: '2026-11-26T09:00:00.000Z',
  ...overrides,
});

describe.each(testDatabaseKinds())('input to the case service on $name', (kind) => {
  let service: TestService;
  let nextClient = 0;
  /** A client id of its own for each test, so mutation ids start at 1. */
  const client = () => `client-input-${String((nextClient += 1)).padStart(3, '0')}`;
  // The disputes were inserted in order into an empty database: D-0NN starts at version NN, and a
  // change is based on that unless a test says otherwise.
  const versionOf = (args: unknown) => {
    const disputeId = (args as { disputeId?: unknown }).disputeId;
    return typeof disputeId === 'string' && /^D-\d{3}$/.test(disputeId) ? Number(disputeId.slice(2)) : 0;
  };
  const mutation = (clientId: string, mutationId: number, name: string, args: unknown, baseVersion = versionOf(args)) => ({ clientId, mutationId, name, args, baseVersion });

  beforeAll(async () => {
    service = await startTestService(kind, 40);
  });
  afterAll(() => service.db.close());

  async function pushed(response: Response): Promise<PushResponse> {
    expect(response.status).toBe(200);
    return (await response.json()) as PushResponse;
  }
  async function doc(id: string): Promise<string | undefined> {
    const [row] = await service.db.query<{ doc: string }>('SELECT doc::text AS doc FROM disputes WHERE id = $1', [id]);
    return row?.doc;
  }
  async function auditBytes(): Promise<number> {
    const [row] = await service.db.query<{ bytes: number }>("SELECT coalesce(sum(length(payload::text) + length(actor) + length(action) + length(coalesce(dispute_id, ''))), 0)::int AS bytes FROM audit_log");
    return row!.bytes;
  }

  describe.each(Object.entries(badText))('text with %s', (_what, bad) => {
    const cases: [string, (disputeId: string) => { name: string; args: unknown }][] = [
      ['a case note', (disputeId) => ({ name: 'case.note', args: { disputeId, note: { id: 'N-1', text: bad } } })],
      ['a rationale', (disputeId) => ({ name: 'ruling.record', args: { disputeId, draft: draft({ rationale: bad }) } })],
      ['a dispute id', () => ({ name: 'dispute.claim', args: { disputeId: bad } })],
      ['a mutation name', (disputeId) => ({ name: `dispute.claim${bad}`, args: { disputeId } })],
      ['an evidence file name', (disputeId) => ({ name: 'evidence.add', args: { disputeId, item: evidenceItem({ fileName: bad }) } })],
      ['an evidence flag detail key', (disputeId) => ({ name: 'evidence.add', args: { disputeId, item: evidenceItem({ flags: [{ code: 'late', reason: 'Late.', details: { [bad]: 1 } }] }) } })],
    ];
    it.each(cases)('in %s is refused as an outcome with invalid_text, and the next change still flows', async (_field, make) => {
      const clientId = client();
      const disputeId = `D-0${String(nextClient).padStart(2, '0')}`;
      const before = await doc(disputeId);
      const bytesBefore = await auditBytes();
      const { name, args } = make(disputeId);
      const body = await pushed(
        await service.push('ana', clientId, [mutation(clientId, 1, name, args), mutation(clientId, 2, 'dispute.claim', { disputeId })]),
      );
      expect(body.outcomes[0]).toMatchObject({ mutationId: 1, status: 'rejected', code: 'invalid_text' });
      expect(body.outcomes[1]).toEqual({ mutationId: 2, status: 'applied' });
      expect(body.lastMutationId).toBe(2);
      const message = (body.outcomes[0] as Extract<MutationOutcome, { status: 'rejected' }>).message;
      expect(message.includes('\u0000') || /[\ud800-\udfff]/.test(message)).toBe(false);
      expect(JSON.parse(before!).assignee).toBeUndefined();
      expect(JSON.parse((await doc(disputeId))!)).toMatchObject({ assignee: 'u-cm-1' });
      expect(await auditBytes()).toBeLessThan(bytesBefore + 8_000);
    });

    it('in a client id is refused with bad_request, and nothing is stored', async () => {
      const before = await service.counts();
      const clientId = `client-x${bad}`;
      const response = await service.push('ana', clientId, [mutation(clientId, 1, 'dispute.claim', { disputeId: 'D-001' })]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/clientId/) } });
      const pull = await service.post('/sync/pull', { schemaVersion: syncSchemaVersion, clientId, cookie: null }, 'ana');
      expect(pull.status).toBe(400);
      expect(await service.counts()).toEqual(before);
    });

    it('in a username or password is refused with bad_request, and nothing is stored', async () => {
      const before = await service.counts();
      for (const body of [{ username: `ana${bad}`, password: 'ana-pw' }, { username: 'ana', password: `ana-pw${bad}` }]) {
        const response = await service.post('/auth/login', body);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
      }
      expect(await service.counts()).toEqual(before);
    });
  });

  it('refuses a ruling based on a version the dispute has not reached, with base_version_ahead', async () => {
    const clientId = client();
    const before = await doc('D-030');
    const body = await pushed(
      await service.push('ana', clientId, [mutation(clientId, 1, 'ruling.record', { disputeId: 'D-030', draft: draft() }, Number.MAX_SAFE_INTEGER)]),
    );
    expect(body.outcomes[0]).toMatchObject({ status: 'rejected', code: 'base_version_ahead', message: expect.stringMatching(/reload|sync/i) });
    expect(await doc('D-030')).toBe(before);
    const version = (JSON.parse(before!) as { version: number }).version;
    const again = await pushed(await service.push('ana', clientId, [mutation(clientId, 2, 'ruling.record', { disputeId: 'D-030', draft: draft() }, version)]));
    expect(again.outcomes[0]).toEqual({ mutationId: 2, status: 'applied' });
  });

  describe('a mebibyte of text', () => {
    const cases: [string, (disputeId: string) => { name: string; args: unknown }][] = [
      ['a rationale', (disputeId) => ({ name: 'ruling.record', args: { disputeId, draft: draft({ rationale: mebibyte }) } })],
      ['an evidence description', (disputeId) => ({ name: 'evidence.add', args: { disputeId, item: evidenceItem({ description: mebibyte }) } })],
      ['an evidence file name', (disputeId) => ({ name: 'evidence.add', args: { disputeId, item: evidenceItem({ fileName: mebibyte }) } })],
      ['a mutation name', (disputeId) => ({ name: mebibyte, args: { disputeId } })],
      ['a dispute id', () => ({ name: 'dispute.claim', args: { disputeId: mebibyte } })],
      ['a policy code list', (disputeId) => ({ name: 'ruling.record', args: { disputeId, draft: draft({ policyCodes: Array.from({ length: 100_000 }, () => 'P') }) } })],
    ];
    it.each(cases)('in %s is refused with too_long, nothing stored, nothing echoed in full', async (_field, make) => {
      const clientId = client();
      const disputeId = 'D-031';
      const before = await doc(disputeId);
      const bytesBefore = await auditBytes();
      const { name, args } = make(disputeId);
      const response = await service.push('ana', clientId, [mutation(clientId, 1, name, args)]);
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(text.length).toBeLessThan(4_000);
      expect(JSON.parse(text).outcomes[0]).toMatchObject({ status: 'rejected', code: 'too_long' });
      expect(await doc(disputeId)).toBe(before);
      expect(await auditBytes()).toBeLessThan(bytesBefore + 4_000);
      const [stored] = await service.db.query<{ bytes: number }>('SELECT length(outcome::text)::int AS bytes FROM mutation_outcomes WHERE client_id = $1', [clientId]);
      expect(stored!.bytes).toBeLessThan(4_000);
    });
  });

  it('refuses a second review assigned to someone who is not on the team, and takes a real reviewer', async () => {
    const clientId = client();
    const lead = client();
    await pushed(await service.push('ana', clientId, [mutation(clientId, 1, 'ruling.record', { disputeId: 'D-032', draft: draft() })]));
    const before = await doc('D-032');
    const body = await pushed(
      await service.push('lee', lead, [
        mutation(lead, 1, 'review.assign', { disputeId: 'D-032', reviewerId: 'u-ghost' }),
        mutation(lead, 2, 'review.assign', { disputeId: 'D-032', reviewerId: 'u-rv-1' }),
      ]),
    );
    expect(body.outcomes[0]).toMatchObject({ mutationId: 1, status: 'rejected', code: 'user_not_found', message: expect.stringMatching(/u-ghost/) });
    expect(body.outcomes[1]).toEqual({ mutationId: 2, status: 'applied' });
    expect(JSON.parse(before!).secondReview).toBeUndefined();
    expect(JSON.parse((await doc('D-032'))!).secondReview).toMatchObject({ reviewerId: 'u-rv-1' });
  });
});

/** A database whose transactions fail as `failOn` says, to see what a push says when one does. */
function failing(db: Database, failOn: (call: number) => Error | undefined): Database {
  let calls = 0;
  return {
    ...db,
    query: (sql, params) => db.query(sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      calls += 1;
      const error = failOn(calls);
      return db.transaction(async (tx) => {
        const result = await work(tx);
        if (error) throw error;
        return result;
      });
    },
  };
}

describe.each(testDatabaseKinds())('a push that fails part way on $name', (kind) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(kind, 7);
  });
  afterAll(() => service.db.close());

  const claim = (clientId: string, mutationId: number, disputeId: string) => ({ clientId, mutationId, name: 'dispute.claim', args: { disputeId }, baseVersion: 0 });
  const pushWith = (db: Database, clientId: string, mutations: unknown[]) =>
    createCaseService({ db, now: () => new Date('2026-11-26T10:00:00.000Z') }).request('/sync/push', {
      method: 'POST',
      body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId, mutations }),
      headers: { authorization: `Bearer ${service.tokens.ana}` },
    });

  it('says nothing was changed only when nothing was', async () => {
    const db = failing(service.db, () => new Error('connection lost'));
    const response = await pushWith(db, 'client-fail-1', [claim('client-fail-1', 1, 'D-001')]);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/Nothing was changed/) } });
  });

  // A push of several changes is first tried in one transaction (call 1); when that fails, each
  // change is taken again in a transaction of its own (calls 2, 3, …).
  it('takes the changes of a push one at a time when their one transaction fails, each once', async () => {
    const db = failing(service.db, (call) => (call === 1 ? new Error('connection lost') : undefined));
    const body = await (await pushWith(db, 'client-fail-4', [claim('client-fail-4', 1, 'D-006'), claim('client-fail-4', 2, 'D-007')])).json();
    expect(body).toEqual({ outcomes: [{ mutationId: 1, status: 'applied' }, { mutationId: 2, status: 'applied' }], lastMutationId: 2 });
    const claims = await service.db.query<{ dispute_id: string }>(`SELECT dispute_id FROM audit_log WHERE action = 'dispute.claim' AND dispute_id IN ('D-006', 'D-007') ORDER BY seq`);
    expect(claims.map((row) => row.dispute_id)).toEqual(['D-006', 'D-007']);
  });

  it('answers the changes it applied before a failure, and the client resends the rest', async () => {
    const db = failing(service.db, (call) => (call === 1 || call === 3 ? new Error('connection lost') : undefined));
    const body = await (await pushWith(db, 'client-fail-2', [claim('client-fail-2', 1, 'D-002'), claim('client-fail-2', 2, 'D-003')])).json();
    expect(body).toEqual({ outcomes: [{ mutationId: 1, status: 'applied' }], lastMutationId: 1 });
    const resent = await (await service.push('ana', 'client-fail-2', [claim('client-fail-2', 2, 'D-003')])).json();
    expect(resent.outcomes).toEqual([{ mutationId: 2, status: 'applied' }]);
  });

  it('refuses a change whose values the database cannot store, as an outcome, so later changes flow', async () => {
    const unstorable = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    const db = failing(service.db, (call) => (call <= 2 ? unstorable : undefined));
    const body = await (await pushWith(db, 'client-fail-3', [claim('client-fail-3', 1, 'D-004'), claim('client-fail-3', 2, 'D-005')])).json();
    expect(body.outcomes).toEqual([
      expect.objectContaining({ mutationId: 1, status: 'rejected', code: 'invalid_args' }),
      { mutationId: 2, status: 'applied' },
    ]);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('the lock order of a push on PostgreSQL', () => {
  const claim = (clientId: string, mutationId: number, disputeId: string) => ({ clientId, mutationId, name: 'dispute.claim', args: { disputeId }, baseVersion: 0 });

  it('takes the change counter before the audit head when its first change is refused, so it never holds the head while it waits', async () => {
    const kind = testDatabaseKinds().find((candidate) => candidate.name === 'postgres')!;
    const service = await startTestService(kind, 2);
    try {
      // An applied change, so the audit log has a head to lock.
      expect((await (await service.push('ana', 'client-order-1', [claim('client-order-1', 1, 'D-001')])).json()).outcomes[0].status).toBe('applied');
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = service.db.transaction(async (tx) => {
        await tx.query('SELECT change_counter FROM server_state FOR UPDATE');
        holding();
        await released;
      });
      await held;
      // D-404 does not exist, so the first change is refused (an audit entry) before the second writes.
      const pushing = service.push('ana', 'client-order-2', [claim('client-order-2', 1, 'D-404'), claim('client-order-2', 2, 'D-002')]);
      for (let waited = 0; ; waited += 20) {
        const [waiting] = await service.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
        );
        if (waiting!.n > 0) break;
        if (waited > 10_000) throw new Error('the push never waited for the change counter');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const probe = await service.db
        .transaction((tx) => tx.query('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1 FOR UPDATE NOWAIT'))
        .then(
          () => 'free',
          (error: { code?: string }) => error.code,
        );
      release();
      await holder;
      const body = await (await pushing).json();
      expect(probe).toBe('free');
      expect(body.outcomes.map((outcome: MutationOutcome) => outcome.status)).toEqual(['rejected', 'applied']);
    } finally {
      await service.db.close();
    }
  });
});
