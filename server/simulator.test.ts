import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDispute, makeOffer } from '../shared/domain/test-fixtures';
import type { Dispute } from '../shared/domain/model';
import { syncSchemaVersion } from '../shared/sync/protocol';
import { createCaseService } from './app';
import { hashPassword } from './auth';
import { openPglite, type Database } from './db/database';
import { migrate } from './db/migrate';
import { testDatabaseKinds } from './db/testing';
import { insertDisputes } from './seed';
import { createSimulator } from './simulator';

/** A case manager (ana) and a team lead (lee): only the team lead may play the marketplace. */
async function addCaseManager(db: Database): Promise<void> {
  const hash = await hashPassword('pw');
  await db.query("INSERT INTO users (id, username, name, role, password_hash) VALUES ('u-cm-1', 'ana', 'Ana', 'case_manager', $1)", [hash]);
  await db.query("INSERT INTO users (id, username, name, role, password_hash) VALUES ('u-tl-1', 'lee', 'Lee', 'team_lead', $1)", [hash]);
}

async function signIn(app: ReturnType<typeof createCaseService>, username = 'ana'): Promise<string> {
  const response = await app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username, password: 'pw' }) });
  return (await response.json()).token;
}

describe.each(testDatabaseKinds())('the marketplace simulator on $name', (kind) => {
  let db: Database;
  let app: ReturnType<typeof createCaseService>;
  let token: string;
  let leadToken: string;

  beforeAll(async () => {
    db = await kind.open();
    await addCaseManager(db);
    await insertDisputes(
      db,
      [
        makeDispute({ id: 'D-1', state: 'under_review' }),
        makeDispute({ id: 'D-2', state: 'under_review', offers: [makeOffer()] }),
        makeDispute({ id: 'D-3', state: 'under_review' }),
      ],
      new Date().toISOString(),
    );
    app = createCaseService({ db, demo: createSimulator(db, { seed: 1 }) });
    token = await signIn(app);
    leadToken = await signIn(app, 'lee');
  });
  afterAll(() => db.close());

  const simulate = async (body: unknown, bearer = leadToken, origin?: string) =>
    app.request('/demo/events', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...(origin && { origin }) },
    });

  it('lets only a signed-in team lead play the marketplace, and answers no foreign page', async () => {
    const event = { type: 'dispute.new' };
    expect((await simulate(event, '')).status).toBe(401);
    expect((await simulate(event, 'not-a-token')).status).toBe(401);
    const caseManager = await simulate(event, token);
    expect(caseManager.status).toBe(403);
    expect((await caseManager.json()).error.code).toBe('forbidden');
    const foreign = await simulate({ type: 'no.such.event' }, leadToken, 'https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/demo/events', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const rows = await db.query("SELECT 1 FROM audit_log WHERE actor = 'marketplace'");
    expect(rows).toHaveLength(0);
  });

  const pull = async (cookie: number | null) =>
    (await app.request('/sync/pull', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId: 'client-sim', cookie }),
    })).json() as Promise<{ cookie: number; disputes: Dispute[]; outcomes: { code?: string }[] }>;

  it('changes what a pull returns, and the rules then refuse a ruling on the cancelled claim', async () => {
    const before = await pull(null);
    const response = await simulate({ type: 'claim.cancelled', disputeId: 'D-1' });
    expect(response.status).toBe(200);
    const after = await pull(before.cookie);
    expect(after.disputes.map((dispute) => [dispute.id, dispute.state])).toEqual([['D-1', 'cancelled']]);

    const push = await app.request('/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        schemaVersion: syncSchemaVersion,
        clientId: 'client-sim',
        mutations: [
          {
            clientId: 'client-sim',
            mutationId: 1,
            name: 'ruling.record',
            args: { disputeId: 'D-1', draft: { outcome: 'full_refund', rationale: 'Not received.', citedEvidenceIds: [], policyCodes: [] } },
            baseVersion: after.disputes.find((dispute) => dispute.id === 'D-1')!.version,
          },
        ],
      }),
    });
    expect((await push.json()).outcomes[0]).toMatchObject({ status: 'rejected', code: 'claim_cancelled' });
  });

  it("closes the dispute at once when the buyer accepts the seller's latest offer", async () => {
    const body = await (await simulate({ type: 'offer.accepted', disputeId: 'D-2' })).json();
    expect(body).toMatchObject({ applied: true, state: 'offer_accepted' });
  });

  it('says why an event does not fit, and brings in new escalated disputes', async () => {
    const refused = await simulate({ type: 'offer.accepted', disputeId: 'D-3' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ applied: false, refusal: { code: 'no_seller_offer' } });
    const fresh = await (await simulate({ type: 'dispute.new' })).json();
    expect(fresh).toMatchObject({ applied: true, state: 'escalated' });
    expect((await simulate({ type: 'no.such.event' })).status).toBe(400);
  });

  it('records every marketplace event in the audit log', async () => {
    const rows = await db.query<{ action: string }>("SELECT action FROM audit_log WHERE actor = 'marketplace' ORDER BY seq");
    expect(rows.map((row) => row.action)).toEqual(['marketplace.claim.cancelled', 'marketplace.offer.accepted', 'marketplace.dispute.new']);
  });
});

describe('a PGlite service after a restart', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'desk-restart-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps disputes, sessions, mutation outcomes and the cookie, so a pull carries on where it stopped', async () => {
    const first = await openPglite(dir);
    await migrate(first);
    await addCaseManager(first);
    await insertDisputes(first, [makeDispute({ id: 'D-1' }), makeDispute({ id: 'D-2' })], new Date().toISOString());
    const app1 = createCaseService({ db: first });
    const token = await signIn(app1);
    const pullWith = (app: ReturnType<typeof createCaseService>, cookie: number | null) =>
      app.request('/sync/pull', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId: 'client-restart', cookie }),
      });
    const before = await (await pullWith(app1, null)).json();
    expect(before.disputes).toHaveLength(2);
    await first.close();

    const second = await openPglite(dir);
    expect(await migrate(second)).toEqual([]);
    const app2 = createCaseService({ db: second, demo: createSimulator(second, { seed: 2 }) });
    const unchanged = await (await pullWith(app2, before.cookie)).json();
    expect(unchanged).toMatchObject({ cookie: before.cookie, disputes: [] });
    const lead = await signIn(app2, 'lee');
    await app2.request('/demo/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}` },
      body: JSON.stringify({ type: 'claim.cancelled', disputeId: 'D-2' }),
    });
    const changed = await (await pullWith(app2, before.cookie)).json();
    expect(changed.disputes.map((dispute: Dispute) => dispute.id)).toEqual(['D-2']);
    await second.close();
  }, 30_000); // Opens PGlite twice: seconds on a loaded two-core machine.
});
