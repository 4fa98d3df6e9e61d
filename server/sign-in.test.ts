import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../shared/logger';
import { signInLocksResponseSchema } from '../shared/sync/sign-in-locks';
import { createCaseService } from './app';
import { hashPassword } from './auth';
import type { Database } from './db/database';
import { testDatabaseKinds } from './db/testing';
import { insertTestUsers } from './test-service';
import type { SignInLimits } from './sign-in-guard';

const team = [
  { id: 'u-cm-1', username: 'ana', role: 'case_manager' },
  { id: 'u-cm-2', username: 'bo', role: 'case_manager' },
  { id: 'u-cm-3', username: 'cy', role: 'case_manager' },
  { id: 'u-tl-1', username: 'lee', role: 'team_lead' },
] as const;

const limits: SignInLimits = { perUsername: 5, perAddress: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

describe.each(testDatabaseKinds())('signing in and out on $name', (kind) => {
  let db: Database;
  let clock = new Date('2026-11-26T10:00:00.000Z');
  let app: ReturnType<typeof createCaseService>;

  beforeAll(async () => {
    db = await kind.open();
    await insertTestUsers(db, team, (username) => `${username}-password`);
    // The address is taken from a test header here; a real service reads the TCP peer.
    app = createCaseService({ db, now: () => clock, signInLimits: limits, clientAddress: (c) => c.req.header('x-test-address') ?? 'unknown' });
  });
  afterAll(() => db.close());

  const login = (username: string, password: string, address = '10.0.0.1') =>
    app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username, password }), headers: { 'x-test-address': address } });
  const tokenOf = async (username: string) => (await (await login(username, `${username}-password`, `10.9.${username.length}.1`)).json()).token as string;
  const asUser = (token: string, path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });

  it('refuses a username after five failures with 429 and Retry-After, even with the right password, until the lock passes', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login('ana', `guess-${i}`)).status).toBe(401);
    const refused = await login('ana', 'ana-password');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_attempts', message: expect.stringMatching(/Try again in 15 minutes/) } });
    // Another username from the same address is not locked by ana's failures.
    expect((await login('bo', 'bo-password')).status).toBe(200);
    clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
    expect((await login('ana', 'ana-password')).status).toBe(200);
  });

  it('counts a burst of parallel guesses as they arrive: five are checked, the rest refused', async () => {
    const answers = await Promise.all(Array.from({ length: 26 }, (_, i) => login('bo', `burst-${i}`, `10.1.0.${i}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(21);
    expect((await login('bo', 'bo-password', '10.2.0.1')).status).toBe(429);
  });

  it('refuses an address after twenty failures across usernames, and an unknown username like a known one', async () => {
    for (let i = 0; i < 20; i += 1) expect((await login(`nobody-${i % 4}`, 'x', '10.3.0.1')).status).toBe(401);
    const refused = await login('cy', 'cy-password', '10.3.0.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(15 * 60));
    // The same account from elsewhere is fine: the address, not the account, is throttled.
    expect((await login('cy', 'cy-password', '10.3.0.2')).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await login('ghost', 'x', `10.4.0.${i}`)).status).toBe(401);
    expect((await login('ghost', 'x', '10.4.0.9')).status).toBe(429);
  });

  it('lists locked accounts to team leads, who can unlock one', async () => {
    for (let i = 0; i < 5; i += 1) await login('CY', `wrong-${i}`, `10.5.0.${i}`);
    const lead = await tokenOf('lee');
    const listed = await asUser(lead, '/auth/locks');
    expect(listed.status).toBe(200);
    const { locked } = signInLocksResponseSchema.parse(await listed.json());
    // bo is still locked from the burst; the unknown "ghost" is nobody to unlock.
    expect(locked.map((account) => account.name)).toEqual(['BO', 'CY']);
    expect(locked[1]).toMatchObject({ userId: 'u-cm-3', username: 'cy', role: 'case_manager', lockedUntil: new Date(clock.getTime() + limits.lockMs).toISOString() });

    const caseManager = await tokenOf('ana');
    expect((await asUser(caseManager, '/auth/locks')).status).toBe(403);
    expect((await asUser(caseManager, '/auth/unlock', { method: 'POST', body: JSON.stringify({ userId: 'u-cm-3' }) })).status).toBe(403);
    expect((await app.request('/auth/locks')).status).toBe(401);
    expect((await asUser(lead, '/auth/unlock', { method: 'POST', body: JSON.stringify({ userId: 'u-nobody' }) })).status).toBe(404);
    expect((await asUser(lead, '/auth/unlock', { method: 'POST', body: '{"userId": 7}' })).status).toBe(400);
    expect((await asUser(lead, '/auth/unlock', { method: 'POST', body: 'not json' })).status).toBe(400);

    const unlocked = await asUser(lead, '/auth/unlock', { method: 'POST', body: JSON.stringify({ userId: 'u-cm-3' }) });
    expect(await unlocked.json()).toEqual({ unlocked: true });
    expect((await login('cy', 'cy-password', '10.5.0.9')).status).toBe(200);
    const after = signInLocksResponseSchema.parse(await (await asUser(lead, '/auth/locks')).json());
    expect(after.locked.map((account) => account.name)).toEqual(['BO']);
  });

  it('revokes the token on sign-out: the service refuses it from then on', async () => {
    const token = await tokenOf('ana');
    expect((await asUser(token, '/team')).status).toBe(200);
    expect((await asUser(token, '/auth/logout', { method: 'POST' })).status).toBe(204);
    const refused = await asUser(token, '/team');
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    expect((await asUser(token, '/auth/logout', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/auth/logout', { method: 'POST' })).status).toBe(401);
  });

  it('refuses a disabled account its sessions and its sign-in, without telling a wrong password apart', async () => {
    // bo's lock from the burst has passed.
    clock = new Date(clock.getTime() + limits.lockMs + 1000);
    const token = await tokenOf('bo');
    await db.query("UPDATE users SET disabled = true WHERE username = 'bo'");
    expect((await asUser(token, '/team')).status).toBe(401);
    expect((await login('bo', 'wrong', '10.6.0.1')).status).toBe(401);
    const right = await login('bo', 'bo-password', '10.6.0.2');
    expect(right.status).toBe(403);
    expect((await right.json()).error.message).toMatch(/disabled/);
    await db.query("UPDATE users SET disabled = false WHERE username = 'bo'");
  });
});

describe('an unknown username', () => {
  it('costs the same password check as a known one (medians within 3x over interleaved attempts)', async () => {
    const [kind] = testDatabaseKinds();
    const db = await kind!.open();
    try {
      await db.query("INSERT INTO users (id, username, name, role, password_hash) VALUES ('u-1', 'ana', 'Ana', 'case_manager', $1)", [await hashPassword('ana-password')]);
      const generous: SignInLimits = { perUsername: 1000, perAddress: 1000, windowMs: 60_000, lockMs: 60_000 };
      const app = createCaseService({ db, signInLimits: generous });
      const timed = async (username: string) => {
        const started = performance.now();
        const answer = await app.request('/auth/login', { method: 'POST', body: JSON.stringify({ username, password: 'wrong-password' }) });
        expect(answer.status).toBe(401);
        return performance.now() - started;
      };
      // The first of each warms up (the decoy hash is made on first use).
      await timed('ana');
      await timed('nobody');
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        known.push(await timed('ana'));
        unknown.push(await timed(`nobody-${i}`));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const ratio = median(known) / median(unknown);
      expect(ratio, `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeLessThan(3);
      expect(ratio).toBeGreaterThan(1 / 3);
    } finally {
      await db.close();
    }
  });
});

describe('request ids', () => {
  it('honours a well-formed X-Request-Id, replaces a bad one, echoes it and puts it on every log line of the request', async () => {
    const [kind] = testDatabaseKinds();
    const db = await kind!.open();
    const lines: Parameters<LogSink>[0][] = [];
    const previous = setLogSink((record) => lines.push(record));
    try {
      const app = createCaseService({ db, accessLog: true });
      const given = await app.request('/auth/login', { method: 'POST', body: '{"username":"x","password":"y"}', headers: { 'x-request-id': 'desk-42.retry:1' } });
      expect(given.headers.get('x-request-id')).toBe('desk-42.retry:1');
      const mine = lines.filter((line) => line.requestId === 'desk-42.retry:1');
      expect(mine.map((line) => line.message)).toEqual(['sign-in refused: wrong username or password', 'answered']);
      expect(mine[1]).toMatchObject({ method: 'POST', path: '/auth/login', status: 401 });
      expect(lines.every((line) => typeof line.requestId === 'string')).toBe(true);

      for (const bad of ['a'.repeat(129), 'two words', 'semi;colon', '<script>', '']) {
        const answer = await app.request('/health/live', { headers: { 'x-request-id': bad } });
        const id = answer.headers.get('x-request-id');
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(lines.at(-1)?.requestId).toBe(id);
      }
    } finally {
      setLogSink(previous);
      await db.close();
    }
  });
});

describe('health', () => {
  it('answers liveness always, readiness while the database answers and has every migration, and /health as the desk reads it', async () => {
    const [kind] = testDatabaseKinds();
    const db = await kind!.open();
    const app = createCaseService({ db });
    expect(await (await app.request('/health/live')).json()).toEqual({ status: 'live' });
    expect(await (await app.request('/health/ready')).json()).toEqual({ status: 'ready', database: 'answers', pendingMigrations: [] });
    await db.query("DELETE FROM schema_migrations WHERE id = '002_sign_in_guard.sql'");
    const behind = await app.request('/health/ready');
    expect(behind.status).toBe(503);
    expect(await behind.json()).toEqual({ status: 'not_ready', database: 'answers', pendingMigrations: ['002_sign_in_guard.sql'] });
    await db.close();
    const gone = await app.request('/health/ready');
    expect(gone.status).toBe(503);
    expect(await gone.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
    expect((await app.request('/health/live')).status).toBe(200);
    expect(await (await app.request('/health')).json()).toMatchObject({ status: 'ok' });
  });
});
