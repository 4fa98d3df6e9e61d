// The poke channel (issue 21): the hub alone, the route on each database, and two instances of the
// service on one PostgreSQL poking each other's desks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../shared/sync/protocol';
import { createCaseService } from './app';
import { openPostgres } from './db/database';
import { migrate } from './db/migrate';
import { scratchSchema, testDatabaseKinds } from './db/testing';
import { defaultPokeLimits, PokeHub } from './pokes';
import { insertDisputes } from './seed';
import { insertTestUsers, startTestService, type TestService } from './test-service';
import { makeDispute } from '../shared/domain/test-fixtures';
import { eventsOf } from './event-stream-testing';
import { syncSchemaVersion } from '../shared/sync/protocol';

const ana: User = { id: 'u-cm-1', name: 'Ana', role: 'case_manager' };

describe('the poke hub', () => {
  const hub = (limits: Partial<typeof defaultPokeLimits> = {}, stillSignedIn: (token: string) => Promise<boolean> = async () => true) => new PokeHub(stillSignedIn, { ...defaultPokeLimits, gatherMs: 10, ...limits });

  it('opens with hello, then gathers a burst of changes into one poke carrying the latest version', async () => {
    const pokes = hub();
    const opened = pokes.open(ana, 'token');
    if (!opened.ok) throw new Error(opened.message);
    const events = eventsOf(opened.stream);
    expect(await events.next()).toEqual({ name: 'hello', data: {} });
    for (let version = 1; version <= 10_000; version += 1) pokes.notify(version);
    expect(await events.next()).toEqual({ name: 'change', data: { version: 10_000 } });
    expect(await events.quietFor(100)).toBe(true);
    // A payload lost to a dropped database connection still pokes, with the last version known.
    pokes.notify(undefined);
    expect(await events.next()).toEqual({ name: 'change', data: { version: 10_000 } });
    pokes.close();
    expect(await events.next()).toBeNull();
  });

  it('refuses a user beyond their streams and the instance beyond its total, with codes', async () => {
    const pokes = hub({ perUser: 2, total: 3 });
    expect(pokes.open(ana, 'a').ok && pokes.open(ana, 'b').ok).toBe(true);
    expect(pokes.open(ana, 'c')).toMatchObject({ ok: false, code: 'too_many_attempts', message: expect.stringMatching(/2 live connections/) });
    expect(pokes.open({ ...ana, id: 'u-cm-2' }, 'd').ok).toBe(true);
    expect(pokes.open({ ...ana, id: 'u-cm-3' }, 'e')).toMatchObject({ ok: false, code: 'unavailable' });
    expect(pokes.count()).toBe(3);
    pokes.close();
    expect(pokes.count()).toBe(0);
  });

  it('forgets a stream its desk cancelled', async () => {
    const pokes = hub();
    const opened = pokes.open(ana, 'token');
    if (!opened.ok) throw new Error(opened.message);
    const events = eventsOf(opened.stream);
    await events.next();
    expect(pokes.count(ana.id)).toBe(1);
    await events.cancel();
    expect(pokes.count(ana.id)).toBe(0);
  });

  it('tells a stream whose sign-in expired, and ends it; a standing one hears only the heartbeat', async () => {
    const expired = new Set(['old']);
    const pokes = hub({ heartbeatMs: 30 }, async (token) => !expired.has(token));
    const [gone, kept] = [pokes.open(ana, 'old'), pokes.open(ana, 'new')];
    if (!gone.ok || !kept.ok) throw new Error('not opened');
    const [goneEvents, keptEvents] = [eventsOf(gone.stream), eventsOf(kept.stream)];
    await goneEvents.next();
    await keptEvents.next();
    expect(await goneEvents.next(1_000)).toMatchObject({ name: 'signed_out', data: { message: expect.stringMatching(/expired/) } });
    expect(await goneEvents.next()).toBeNull();
    expect(await keptEvents.quietFor(200)).toBe(true);
    expect(pokes.count()).toBe(1);
    pokes.close();
  });
});

describe.each(testDatabaseKinds())('GET /events on $name', (kind) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(kind, 5);
  });
  afterAll(async () => {
    service.app.pokes.close();
    service.app.presence.close();
    await service.db.close();
  });

  const events = (token?: string) => service.app.request('/events', { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('refuses a desk that is not signed in, with a code', async () => {
    // No header, a made-up token, and a token of 100,000 characters (a header cannot carry a NUL at all).
    for (const response of [await events(), await events('not-a-token'), await events('x'.repeat(100_000))]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('pokes a connected desk within a second of a change another user pushed, and not for a refused one', async () => {
    const response = await events(service.tokens.ana);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const stream = eventsOf(response.body!);
    expect((await stream.next())?.name).toBe('hello');
    expect(await stream.next()).toEqual({ name: 'presence', data: { entries: [] } });
    const started = Date.now();
    const pushed = await service.push('bo', 'client-poke', [{ clientId: 'client-poke', mutationId: 1, name: 'dispute.claim', args: { disputeId: 'D-002' }, baseVersion: 0 }]);
    expect((await pushed.json()).outcomes[0]).toMatchObject({ status: 'applied' });
    const poke = await stream.next(1_000);
    expect(poke).toMatchObject({ name: 'change', data: { version: expect.any(Number) } });
    expect(Date.now() - started).toBeLessThan(1_000);
    // Nothing changed: no poke.
    const refused = await service.push('bo', 'client-poke', [{ clientId: 'client-poke', mutationId: 2, name: 'dispute.claim', args: { disputeId: 'D-999' }, baseVersion: 0 }]);
    expect((await refused.json()).outcomes[0]).toMatchObject({ status: 'rejected' });
    expect(await stream.quietFor(300)).toBe(true);
    await stream.cancel();
  });
});

// Pokes travel between instances through PostgreSQL's LISTEN/NOTIFY: a desk connected to one
// instance hears of a change pushed to the other. CI starts a PostgreSQL; without one this says so.
describe.skipIf(!process.env.DATABASE_URL)('two instances on one PostgreSQL', () => {
  it('pokes a desk connected to one instance when a change is pushed to the other', async () => {
    const schema = await scratchSchema(process.env.DATABASE_URL!, 'pokes');
    const [first, second] = [await openPostgres(schema.url), await openPostgres(schema.url)];
    try {
      await migrate(first);
      await insertTestUsers(first, [{ id: 'u-cm-1', username: 'ana', role: 'case_manager' }, { id: 'u-cm-2', username: 'bo', role: 'case_manager' }], (username) => `${username}-pw`);
      await insertDisputes(first, [makeDispute({ id: 'D-001', state: 'under_review' })], new Date().toISOString());
      const [one, two] = [createCaseService({ db: first }), createCaseService({ db: second })];
      const signIn = async (app: typeof one, username: string) =>
        ((await (await app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username, password: `${username}-pw` }) })).json()) as { token: string }).token;
      const [anaToken, boToken] = [await signIn(two, 'ana'), await signIn(one, 'bo')];

      const response = await two.request('/events', { headers: { authorization: `Bearer ${anaToken}` } });
      const stream = eventsOf(response.body!);
      expect((await stream.next())?.name).toBe('hello');
      expect((await stream.next())?.name).toBe('presence');
      const started = Date.now();
      const pushed = await one.request('/sync/push', {
        method: 'POST',
        headers: { authorization: `Bearer ${boToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId: 'client-bo', mutations: [{ clientId: 'client-bo', mutationId: 1, name: 'dispute.claim', args: { disputeId: 'D-001' }, baseVersion: 0 }] }),
      });
      expect((await pushed.json()).outcomes[0]).toMatchObject({ status: 'applied' });
      expect(await stream.next(1_000)).toMatchObject({ name: 'change' });
      expect(Date.now() - started).toBeLessThan(1_000);
      await stream.cancel();
      for (const app of [one, two]) {
        app.pokes.close();
        app.presence.close();
      }
    } finally {
      await first.close();
      await second.close();
      await schema.drop();
    }
  }, 30_000);
});
