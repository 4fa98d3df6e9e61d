// Presence (issue 21): what each desk window reports, what every connected desk hears, the refusals,
// lapsing without a heartbeat, and two instances on one PostgreSQL telling each other's desks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeDispute } from '../shared/domain/test-fixtures';
import { presenceTiming, type PresenceList } from '../shared/sync/presence';
import { createCaseService } from './app';
import { openPostgres } from './db/database';
import { migrate } from './db/migrate';
import { scratchSchema, testDatabaseKinds } from './db/testing';
import { eventsOf } from './event-stream-testing';
import { defaultPokeLimits, PokeHub } from './pokes';
import { PresenceRelay, presenceDesksPerUser } from './presence';
import { insertDisputes } from './seed';
import { insertTestUsers, startTestService, type TestService } from './test-service';

const deskA = '0b5f7c1e-desk-a';
const deskB = '0b5f7c1e-desk-b';

describe.each(testDatabaseKinds())('presence on $name', (kind) => {
  let service: TestService;
  const clock = new Date('2026-11-26T10:00:00.000Z');
  beforeAll(async () => {
    service = await startTestService(kind, 5, clock);
  });
  afterAll(async () => {
    service.app.pokes.close();
    service.app.presence.close();
    await service.db.close();
  });
  afterEach(async () => {
    await service.db.query('DELETE FROM presence');
  });

  const report = (username: string | undefined, body: unknown) =>
    service.app.request('/presence', {
      method: 'PUT',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(username ? { authorization: `Bearer ${service.tokens[username]}` } : {}) },
    });
  const listen = async (username: string) => {
    const response = await service.app.request('/events', { headers: { authorization: `Bearer ${service.tokens[username]}` } });
    const stream = eventsOf(response.body!);
    expect((await stream.next())?.name).toBe('hello');
    return stream;
  };
  const entriesOf = (event: { name: string; data: unknown } | null) => {
    expect(event?.name).toBe('presence');
    return (event!.data as PresenceList).entries;
  };

  it('tells every connected desk who opened a case, what they began writing, and that they left', async () => {
    const ana = await listen('ana');
    expect(entriesOf(await ana.next())).toEqual([]);
    const started = Date.now();
    expect((await report('bo', { deskId: deskA, disputeId: 'D-002', activity: 'viewing' })).status).toBe(204);
    expect(entriesOf(await ana.next(1_000))).toEqual([
      { userId: 'u-cm-2', name: 'BO', role: 'case_manager', deskId: deskA, disputeId: 'D-002', activity: 'viewing', forMs: 0, expiresInMs: presenceTiming.ttlMs },
    ]);
    expect(Date.now() - started).toBeLessThan(1_000);

    // Two minutes on, Bo starts a ruling: the desk hears it, counted from now.
    clock.setTime(clock.getTime() + 120_000);
    await report('bo', { deskId: deskA, disputeId: 'D-002', activity: 'ruling' });
    expect(entriesOf(await ana.next(1_000))).toMatchObject([{ activity: 'ruling', forMs: 0 }]);
    // A renewal changes nothing anyone sees: no event until the next heartbeat.
    clock.setTime(clock.getTime() + 10_000);
    await report('bo', { deskId: deskA, disputeId: 'D-002', activity: 'ruling' });
    expect(await ana.quietFor(200)).toBe(true);

    await report('bo', { deskId: deskA, disputeId: null, activity: 'viewing' });
    expect(entriesOf(await ana.next(1_000))).toEqual([]);
    // Leaving twice is no change.
    expect((await report('bo', { deskId: deskA, disputeId: null, activity: 'viewing' })).status).toBe(204);
    expect(await ana.quietFor(200)).toBe(true);
    await ana.cancel();
  });

  it('greets a desk that connects with who is on what already', async () => {
    await report('bo', { deskId: deskA, disputeId: 'D-003', activity: 'action' });
    const ana = await listen('ana');
    expect(entriesOf(await ana.next())).toMatchObject([{ name: 'BO', disputeId: 'D-003', activity: 'action' }]);
    await ana.cancel();
  });

  it('refuses what it cannot record, with a code, and stores nothing', async () => {
    const before = await service.counts();
    const refusals: [string | undefined, unknown, number, string][] = [
      [undefined, { deskId: deskA, disputeId: 'D-001', activity: 'viewing' }, 401, 'unauthorized'],
      ['ana', 'not json', 400, 'bad_request'],
      ['ana', { deskId: deskA, disputeId: 'D-001', activity: 'dancing' }, 400, 'bad_request'],
      ['ana', { deskId: 'short', disputeId: 'D-001', activity: 'viewing' }, 400, 'bad_request'],
      ['ana', { deskId: 'x'.repeat(100_000), disputeId: 'D-001', activity: 'viewing' }, 400, 'bad_request'],
      ['ana', { deskId: deskA, disputeId: 'D-\u0000001', activity: 'viewing' }, 400, 'bad_request'],
      ['ana', { deskId: deskA, disputeId: 'D-001', activity: 'viewing', userId: 'u-cm-2' }, 400, 'bad_request'],
      ['ana', { deskId: deskA, disputeId: 'D-999', activity: 'viewing' }, 404, 'not_found'],
    ];
    for (const [username, body, status, code] of refusals) {
      const response = await report(username, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    expect(await service.counts()).toEqual(before);
  });

  it(`takes ${presenceDesksPerUser} windows of one person, and refuses one more with a code`, async () => {
    for (let window = 0; window < presenceDesksPerUser; window += 1) {
      expect((await report('ana', { deskId: `window-${window}`, disputeId: 'D-001', activity: 'viewing' })).status).toBe(204);
    }
    const refused = await report('ana', { deskId: 'window-extra', disputeId: 'D-001', activity: 'viewing' });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_attempts', message: expect.stringMatching(/close one/) } });
    // A window already counted still renews, and one that lapsed makes room.
    expect((await report('ana', { deskId: 'window-0', disputeId: 'D-002', activity: 'ruling' })).status).toBe(204);
    clock.setTime(clock.getTime() + presenceTiming.ttlMs + 1);
    expect((await report('ana', { deskId: 'window-extra', disputeId: 'D-001', activity: 'viewing' })).status).toBe(204);
  });

  it('lets a report lapse when its desk stops renewing it: desks hear it gone at the next heartbeat', async () => {
    const hub = new PokeHub(async () => true, { ...defaultPokeLimits, gatherMs: 10 });
    const relay = new PresenceRelay(service.db, hub, () => clock, { gatherMs: 10, refreshMs: 50 });
    await relay.listen();
    const opened = hub.open({ id: 'u-cm-1', name: 'ANA', role: 'case_manager' }, 'token');
    if (!opened.ok) throw new Error(opened.message);
    const ana = eventsOf(opened.stream);
    await ana.next();
    await report('bo', { deskId: deskB, disputeId: 'D-004', activity: 'viewing' });
    // The renewed lapse time travels with every heartbeat.
    let entries = entriesOf(await ana.next(1_000));
    expect(entries).toMatchObject([{ disputeId: 'D-004', expiresInMs: presenceTiming.ttlMs }]);
    clock.setTime(clock.getTime() + 20_000);
    entries = entriesOf(await ana.next(1_000));
    expect(entries).toMatchObject([{ disputeId: 'D-004', expiresInMs: presenceTiming.ttlMs - 20_000 }]);
    // Bo's laptop lost the network: no renewal, and within the lapse time he is gone.
    clock.setTime(clock.getTime() + presenceTiming.ttlMs);
    const deadline = Date.now() + 1_000;
    while (entries.length > 0 && Date.now() < deadline) entries = entriesOf(await ana.next(1_000));
    expect(entries).toEqual([]);
    // Nobody on a case, before or now: the heartbeat stays quiet.
    while (!(await ana.quietFor(150)));
    expect(await ana.quietFor(200)).toBe(true);
    relay.close();
    hub.close();
  });
});

// Presence travels between instances as pokes do, through PostgreSQL's LISTEN/NOTIFY.
describe.skipIf(!process.env.DATABASE_URL)('presence across two instances on one PostgreSQL', () => {
  it('tells a desk connected to one instance who opened a case on the other', async () => {
    const schema = await scratchSchema(process.env.DATABASE_URL!, 'presence');
    const [first, second] = [await openPostgres(schema.url), await openPostgres(schema.url)];
    const apps: ReturnType<typeof createCaseService>[] = [];
    try {
      await migrate(first);
      await insertTestUsers(first, [{ id: 'u-cm-1', username: 'ana', role: 'case_manager' }, { id: 'u-cm-2', username: 'bo', role: 'case_manager' }], (username) => `${username}-pw`);
      await insertDisputes(first, [makeDispute({ id: 'D-001', state: 'under_review' })], new Date().toISOString());
      const [one, two] = [createCaseService({ db: first }), createCaseService({ db: second })];
      apps.push(one, two);
      const signIn = async (app: typeof one, username: string) =>
        ((await (await app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username, password: `${username}-pw` }) })).json()) as { token: string }).token;
      const [anaToken, boToken] = [await signIn(two, 'ana'), await signIn(one, 'bo')];
      const stream = eventsOf((await two.request('/events', { headers: { authorization: `Bearer ${anaToken}` } })).body!);
      expect((await stream.next())?.name).toBe('hello');
      expect(await stream.next()).toEqual({ name: 'presence', data: { entries: [] } });
      // The other instance listens from its first stream on: a desk of Bo's connects there.
      const boStream = eventsOf((await one.request('/events', { headers: { authorization: `Bearer ${boToken}` } })).body!);
      await boStream.next();
      const started = Date.now();
      const reported = await one.request('/presence', {
        method: 'PUT',
        headers: { authorization: `Bearer ${boToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deskId: deskA, disputeId: 'D-001', activity: 'ruling' }),
      });
      expect(reported.status).toBe(204);
      expect(await stream.next(1_000)).toMatchObject({ name: 'presence', data: { entries: [{ name: 'BO', disputeId: 'D-001', activity: 'ruling' }] } });
      expect(Date.now() - started).toBeLessThan(1_000);
      await stream.cancel();
      await boStream.cancel();
    } finally {
      for (const app of apps) {
        app.pokes.close();
        app.presence.close();
      }
      await first.close();
      await second.close();
      await schema.drop();
    }
  }, 30_000);
});
