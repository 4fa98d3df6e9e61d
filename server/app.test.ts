import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../shared/audit/verify';
import type { AuditEntry } from '../shared/domain/model';
import { auditPageSchema, type AuditPage } from '../shared/sync/protocol';
import { makeDispute } from '../shared/domain/test-fixtures';
import type { RulingDraft } from '../shared/domain/model';
import { syncSchemaVersion, type MutationOutcome } from '../shared/sync/protocol';
import { createCaseService } from './app';
import type { Database } from './db/database';
import { testDatabaseKinds } from './db/testing';
import { insertTestUsers } from './test-service';
import { insertDisputes } from './seed';

const team = [
  { id: 'u-cm-1', username: 'ana', role: 'case_manager' },
  { id: 'u-cm-2', username: 'bo', role: 'case_manager' },
  { id: 'u-rv-1', username: 'rui', role: 'reviewer' },
  { id: 'u-tl-1', username: 'lee', role: 'team_lead' },
] as const;

const fullRefund: RulingDraft = {
  outcome: 'full_refund',
  rationale: 'The tracking shows the parcel never left the origin country.',
  citedEvidenceIds: [],
  policyCodes: [],
};

describe.each(testDatabaseKinds())('case service on $name', (kind) => {
  let db: Database;
  let clock = new Date('2026-11-26T10:00:00.000Z');
  let app: ReturnType<typeof createCaseService>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await kind.open();
    await insertTestUsers(db, team, (username) => `${username}-pw`);
    const disputes = Array.from({ length: 30 }, (_, index) =>
      makeDispute({ id: `D-${String(index + 1).padStart(3, '0')}`, state: 'under_review' }),
    );
    await insertDisputes(db, disputes, clock.toISOString());
    app = createCaseService({ db, now: () => clock, maxBlobBytes: 1024 });
    for (const user of team) {
      const response = await app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username: user.username, password: `${user.username}-pw` }) });
      tokens[user.username] = (await response.json()).token;
    }
  });
  afterAll(() => db.close());

  function post(path: string, body: unknown, user?: string) {
    return app.request(path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: user ? { authorization: `Bearer ${tokens[user]}` } : {},
    });
  }
  // The disputes were inserted in order into an empty database, so D-0NN is at version NN; a
  // ruling is based on the version its dispute had then (a later one it never had is refused).
  const rule = (disputeId: string, mutationId: number, clientId: string, baseVersion = Number(disputeId.slice(2))) => ({
    clientId,
    mutationId,
    name: 'ruling.record',
    args: { disputeId, draft: fullRefund },
    baseVersion,
  });
  const pushAs = (user: string, clientId: string, mutations: unknown[]) =>
    post('/sync/push', { schemaVersion: syncSchemaVersion, clientId, mutations }, user);

  it('says it is healthy and which database it uses', async () => {
    const body = await (await app.request('/health')).json();
    expect(body).toMatchObject({ status: 'ok', database: kind.name, schemaVersion: syncSchemaVersion });
  });

  it('logs in with the right password only', async () => {
    expect((await post('/auth/login', { username: 'ana', password: 'ana-pw' })).status).toBe(200);
    const wrong = await post('/auth/login', { username: 'ana', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'Wrong username or password.' } });
  });

  it.each([
    ['malformed JSON', '/auth/login', '{"username":', 400, 'bad_request'],
    ['a body that fails its schema', '/auth/login', { username: 3 }, 400, 'bad_request'],
    ['an unknown path', '/nowhere', {}, 404, 'not_found'],
  ])('answers %s with a 4xx and a stable code', async (_what, path, body, status, code) => {
    const response = await post(path, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  });

  it('refuses sync without a token, with a wrong one, and with an expired one', async () => {
    const pullBody = { schemaVersion: syncSchemaVersion, clientId: 'client-anon', cookie: null };
    expect((await post('/sync/pull', pullBody)).status).toBe(401);
    const wrong = await app.request('/sync/pull', { method: 'POST', body: JSON.stringify(pullBody), headers: { authorization: 'Bearer forged' } });
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const saved = clock;
    clock = new Date(clock.getTime() + 13 * 3_600_000);
    const expired = await post('/sync/pull', pullBody, 'ana');
    clock = saved;
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'token_expired' } });
  });

  it('refuses an older or newer sync schema version, saying to update', async () => {
    const response = await post('/sync/pull', { schemaVersion: 99, clientId: 'client-ver', cookie: null }, 'ana');
    expect(response.status).toBe(426);
    expect(await response.json()).toMatchObject({ error: { code: 'schema_version_unsupported' } });
  });

  it('refuses an oversized body before reading it', async () => {
    const response = await post('/sync/push', 'x'.repeat(5 * 1024 * 1024), 'ana');
    expect(response.status).toBe(413);
  });

  it('pulls every dispute in pages by cookie, then nothing new', async () => {
    let cookie: number | null = null;
    const seen: string[] = [];
    for (let page = 0; page < 10; page += 1) {
      const body = await (await post('/sync/pull', { schemaVersion: syncSchemaVersion, clientId: 'client-pull', cookie, limit: 7 }, 'rui')).json();
      seen.push(...body.disputes.map((dispute: { id: string }) => dispute.id));
      cookie = body.cookie;
      if (!body.more) break;
    }
    expect(new Set(seen).size).toBe(30);
    const after = await (await post('/sync/pull', { schemaVersion: syncSchemaVersion, clientId: 'client-pull', cookie }, 'rui')).json();
    expect(after.disputes).toEqual([]);
    expect(after.cookie).toBe(cookie);
  });

  it('applies a replayed mutation once and answers the replay with the stored outcome', async () => {
    const first = await (await pushAs('ana', 'client-replay', [rule('D-001', 1, 'client-replay')])).json();
    expect(first.outcomes).toEqual([{ mutationId: 1, status: 'applied' }]);
    for (let replay = 0; replay < 3; replay += 1) {
      const again = await (await pushAs('ana', 'client-replay', [rule('D-001', 1, 'client-replay')])).json();
      expect(again.outcomes).toEqual([{ mutationId: 1, status: 'applied' }]);
    }
    const audit = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM audit_log WHERE dispute_id = 'D-001'");
    expect(audit[0]!.count).toBe(1);
  });

  it('stops at a gap in mutation ids without recording it, so the client resends in order', async () => {
    const body = await (await pushAs('ana', 'client-gap1', [rule('D-002', 2, 'client-gap1')])).json();
    expect(body.outcomes).toEqual([expect.objectContaining({ mutationId: 2, status: 'rejected', code: 'out_of_order' })]);
    expect(body.lastMutationId).toBe(0);
    const resent = await (await pushAs('ana', 'client-gap1', [rule('D-002', 1, 'client-gap1'), rule('D-003', 2, 'client-gap1')])).json();
    expect(resent.outcomes.map((outcome: MutationOutcome) => outcome.status)).toEqual(['applied', 'applied']);
  });

  it('applies exactly one of two rulings on the same dispute pushed at the same time', async () => {
    const [a, b] = await Promise.all([
      pushAs('ana', 'client-race-a', [rule('D-010', 1, 'client-race-a')]),
      pushAs('bo', 'client-race-b', [rule('D-010', 1, 'client-race-b')]),
    ]);
    const outcomes = [(await a.json()).outcomes[0], (await b.json()).outcomes[0]];
    expect(outcomes.filter((outcome) => outcome.status === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')[0]).toMatchObject({ code: expect.stringMatching(/already_ruled|claimed_by_other/) });
  });

  it('takes two pushes of several changes to the same disputes in opposite orders at once: each dispute claimed once, no version given twice', async () => {
    const ids = ['D-004', 'D-005', 'D-006', 'D-007', 'D-008', 'D-009'];
    const claims = (clientId: string, order: string[]) =>
      order.map((disputeId, index) => ({ clientId, mutationId: index + 1, name: 'dispute.claim', args: { disputeId }, baseVersion: Number(disputeId.slice(2)) }));
    const [a, b] = await Promise.all([
      pushAs('ana', 'client-order-a', claims('client-order-a', ids)),
      pushAs('bo', 'client-order-b', claims('client-order-b', [...ids].reverse())),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const outcomes: MutationOutcome[] = [...(await a.json()).outcomes, ...(await b.json()).outcomes];
    expect(outcomes).toHaveLength(12);
    expect(outcomes.filter((outcome) => outcome.status === 'applied')).toHaveLength(ids.length);
    const [versions] = await db.query<{ rows: number; distinct: number; highest: number; counter: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT version)::int AS distinct, max(version)::int AS highest, (SELECT change_counter FROM server_state)::int AS counter FROM disputes',
    );
    expect(versions!.distinct).toBe(versions!.rows);
    expect(versions!.highest).toBe(versions!.counter);
  });

  it('rejects a ruling based on a version older than the newest evidence, with new_evidence', async () => {
    const body = await (await pushAs('ana', 'client-stale', [rule('D-011', 1, 'client-stale', 0)])).json();
    expect(body.outcomes[0]).toMatchObject({ status: 'rejected', code: 'new_evidence' });
  });

  it('keeps roles apart: a reviewer may pull but not rule', async () => {
    const body = await (await pushAs('rui', 'client-reviewer', [rule('D-012', 1, 'client-reviewer')])).json();
    expect(body.outcomes[0]).toMatchObject({ status: 'rejected', code: 'not_allowed' });
    const lead = await (await pushAs('lee', 'client-lead', [rule('D-012', 1, 'client-lead')])).json();
    expect(lead.outcomes[0]).toMatchObject({ status: 'applied' });
  });

  it('refuses unknown mutation names and bad arguments as outcomes, and a stolen client id outright', async () => {
    const body = await (
      await pushAs('ana', 'client-bad', [
        { clientId: 'client-bad', mutationId: 1, name: 'dispute.delete', args: {}, baseVersion: 0 },
        { clientId: 'client-bad', mutationId: 2, name: 'ruling.record', args: { disputeId: 'D-013' }, baseVersion: 0 },
      ])
    ).json();
    expect(body.outcomes.map((outcome: MutationOutcome) => outcome.status === 'rejected' && outcome.code)).toEqual(['unknown_mutation', 'invalid_args']);
    const stolen = await pushAs('bo', 'client-bad', [rule('D-013', 3, 'client-bad')]);
    expect(stolen.status).toBe(403);
  });

  it('returns rejected outcomes on pull so nothing is dropped silently', async () => {
    await pushAs('ana', 'client-outcomes', [rule('D-014', 1, 'client-outcomes', 0)]);
    const body = await (await post('/sync/pull', { schemaVersion: syncSchemaVersion, clientId: 'client-outcomes', cookie: null, ackedMutationId: 0 }, 'ana')).json();
    expect(body.lastMutationId).toBe(1);
    expect(body.outcomes).toEqual([expect.objectContaining({ mutationId: 1, status: 'rejected', code: 'new_evidence' })]);
  });

  it('stores evidence blobs only under their true hash, within the size cap, and serves ranges', async () => {
    const bytes = new TextEncoder().encode('a small evidence file');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const auth = { authorization: `Bearer ${tokens.ana}` };
    const wrong = await app.request(`/blobs/${'0'.repeat(64)}`, { method: 'PUT', body: bytes, headers: auth });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ error: { code: 'hash_mismatch' } });
    expect((await app.request(`/blobs/${sha256}`, { method: 'PUT', body: bytes, headers: { ...auth, 'content-type': 'text/plain' } })).status).toBe(201);
    expect((await app.request(`/blobs/${sha256}`, { method: 'PUT', body: bytes, headers: auth })).status).toBe(200);
    const tooBig = new Uint8Array(2048);
    const bigHash = createHash('sha256').update(tooBig).digest('hex');
    expect((await app.request(`/blobs/${bigHash}`, { method: 'PUT', body: tooBig, headers: auth })).status).toBe(413);

    const whole = await app.request(`/blobs/${sha256}`, { headers: auth });
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes);
    const part = await app.request(`/blobs/${sha256}`, { headers: { ...auth, range: 'bytes=2-6' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-6/${bytes.length}`);
    expect(await part.text()).toBe('small');
    const beyond = await app.request(`/blobs/${sha256}`, { headers: { ...auth, range: 'bytes=999-' } });
    expect(beyond.status).toBe(416);
    expect((await app.request(`/blobs/${'f'.repeat(64)}`, { headers: auth })).status).toBe(404);
  });

  it('gives team leads the audit log in pages with its head, verifiable end to end, and nobody else', async () => {
    const get = (path: string, user: string) => app.request(path, { headers: { authorization: `Bearer ${tokens[user]}` } });
    expect((await get('/audit', 'ana')).status).toBe(403);
    expect((await get('/audit?limit=0', 'lee')).status).toBe(400);
    const entries: AuditEntry[] = [];
    let head: AuditPage['head'] = null;
    for (let after = 0; ; ) {
      const page = auditPageSchema.parse(await (await get(`/audit?after=${after}&limit=2`, 'lee')).json());
      entries.push(...page.entries);
      head ??= page.head;
      if (!page.more) break;
      after = page.entries.at(-1)!.seq;
    }
    expect(entries.length).toBeGreaterThan(2);
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(await verifyAuditChain(entries, sha256, head ?? undefined)).toMatchObject({ ok: true, count: entries.length });
  });

  it('writes what a change did to its case, and every refusal, to the audit log', async () => {
    const get = (path: string, user: string) => app.request(path, { headers: { authorization: `Bearer ${tokens[user]}` } });
    const pushed = await (await pushAs('bo', 'client-audit', [rule('D-020', 1, 'client-audit'), rule('D-020', 2, 'client-audit')])).json();
    const refused = pushed.outcomes.find((outcome: { status: string }) => outcome.status === 'rejected');
    const entries: AuditEntry[] = [];
    for (let after = 0; ; ) {
      const page = auditPageSchema.parse(await (await get(`/audit?after=${after}`, 'lee')).json());
      expect(page.schemaVersion).toBe(1);
      entries.push(...page.entries);
      if (!page.more) break;
      after = page.entries.at(-1)!.seq;
    }
    const mine = entries.filter((entry) => entry.disputeId === 'D-020');
    expect(mine.map((entry) => entry.action)).toEqual(['ruling.record', 'mutation.rejected']);
    expect(mine[0]!.payload).toMatchObject({
      before: { state: 'under_review', ruling: null },
      after: { state: 'ruled', ruling: { outcome: 'full_refund', ruledBy: 'u-cm-2' }, assignee: 'u-cm-2' },
    });
    expect(mine[1]).toMatchObject({ actor: 'u-cm-2', payload: { mutation: 'ruling.record', code: 'already_ruled' } });
    // The log keeps the params the desk words the refusal from, as the pusher got them.
    expect(refused.params).toBeDefined();
    expect(mine[1]!.payload).toMatchObject({ params: refused.params });
  });

  it('lists the team to anyone signed in, without passwords', async () => {
    const response = await app.request('/team', { headers: { authorization: `Bearer ${tokens.rui}` } });
    const body = await response.json();
    expect(body.members).toHaveLength(team.length);
    expect(body.members).toContainEqual({ id: 'u-tl-1', name: 'LEE', role: 'team_lead' });
    expect(JSON.stringify(body)).not.toMatch(/password|hash/i);
    expect((await app.request('/team')).status).toBe(401);
  });

  it("lets team leads alone set how long desks keep closed disputes, refusing bad values with a code, and tells every pull", async () => {
    const put = (body: string, user?: string) =>
      app.request('/team/settings', { method: 'PUT', body, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
    const team = async () => (await (await app.request('/team', { headers: { authorization: `Bearer ${tokens.rui}` } })).json()) as { settings?: { retentionDays: number } };
    const pulled = async () => {
      const response = await post('/sync/pull', { schemaVersion: syncSchemaVersion, clientId: 'desk-retention', cookie: null, limit: 1 }, 'lee');
      return ((await response.json()) as { retentionDays?: number }).retentionDays;
    };
    expect((await team()).settings).toEqual({ retentionDays: 90 });
    expect(await pulled()).toBe(90);

    expect((await put(JSON.stringify({ retentionDays: 30 }))).status).toBe(401);
    const notLead = await put(JSON.stringify({ retentionDays: 30 }), 'ana');
    expect(notLead.status).toBe(403);
    expect(await notLead.json()).toMatchObject({ error: { code: 'forbidden' } });
    for (const bad of [{ retentionDays: 0 }, { retentionDays: 3651 }, { retentionDays: 1.5 }, { retentionDays: '30' }, { retentionDays: 30, extra: true }, {}]) {
      const refused = await put(JSON.stringify(bad), 'lee');
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await put('{"retentionDays": 30\u0000}', 'lee')).status).toBe(400);
    expect(await pulled()).toBe(90);

    const changed = await put(JSON.stringify({ retentionDays: 30 }), 'lee');
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ retentionDays: 30 });
    expect((await team()).settings).toEqual({ retentionDays: 30 });
    expect(await pulled()).toBe(30);
    // Who shortened it, and from what, is in the audit log; setting it again to the same adds nothing.
    expect((await put(JSON.stringify({ retentionDays: 30 }), 'lee')).status).toBe(200);
    const log = auditPageSchema.parse(await (await app.request('/audit?after=0', { headers: { authorization: `Bearer ${tokens.lee}` } })).json());
    const entries = log.entries.filter((entry) => entry.action === 'team.settings');
    expect(entries).toEqual([expect.objectContaining({ actor: 'u-tl-1', payload: { retentionDays: 30, previousRetentionDays: 90 } })]);
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(await verifyAuditChain(log.entries, sha256, log.head ?? undefined)).toMatchObject({ ok: true });
    expect((await put(JSON.stringify({ retentionDays: 90 }), 'lee')).status).toBe(200);
  });

  it('has no demo endpoint outside demo mode', async () => {
    expect((await post('/demo/events', { type: 'claim.cancelled' })).status).toBe(404);
  });
});

describe('the case service from the app origin', () => {
  it('answers CORS preflights so the renderer can call it with a bearer token', async () => {
    const [kind] = testDatabaseKinds();
    const db = await kind!.open();
    try {
      const app = createCaseService({ db });
      const preflight = await app.request('/sync/pull', {
        method: 'OPTIONS',
        headers: { origin: 'app://desk', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    } finally {
      await db.close();
    }
  });
});
