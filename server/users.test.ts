import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, checkLogin, createSession } from './auth';
import type { Database } from './db/database';
import { scratchSchema, testDatabaseKinds } from './db/testing';
import { reserveSignInAttempt } from './sign-in-guard';
import { addUser, changeRole, disableUser, enableUser, listUsers, resetPassword, unlockUser } from './users';

const strong = 'correct horse battery';

describe.each(testDatabaseKinds())('managing the team on $name', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterAll(() => db.close());

  it('adds a member who can then sign in, and refuses bad input with what to do', async () => {
    expect(await addUser(db, { username: 'ana', name: 'Ana Lima', role: 'case_manager', password: strong })).toEqual({
      ok: true,
      message: 'Added Ana Lima (ana) as case manager.',
    });
    expect(await checkLogin(db, 'ana', strong)).toMatchObject({ name: 'Ana Lima', role: 'case_manager' });
    const refused = async (input: Parameters<typeof addUser>[1]) => {
      const change = await addUser(db, input);
      return change.ok ? undefined : change.refusal.code;
    };
    expect(await refused({ username: 'ANA', name: 'Other', role: 'reviewer', password: strong })).toBe('bad_username');
    expect(await refused({ username: 'ana', name: 'Other', role: 'reviewer', password: strong })).toBe('username_taken');
    expect(await refused({ username: 'bo', name: 'Bo', role: 'admin', password: strong })).toBe('bad_role');
    expect(await refused({ username: 'bo', name: 'Bo', role: 'reviewer', password: 'short' })).toBe('weak_password');
    expect(await refused({ username: 'bo', name: 'Bo', role: 'reviewer', password: 'aaaaaaaaaaaaaaaa' })).toBe('weak_password');
    expect(await refused({ username: 'bo', name: 'Bo', role: 'reviewer', password: 'my-name-is-bo-ok' })).toBe('weak_password');
    expect(await refused({ username: 'bo', name: '  ', role: 'reviewer', password: strong })).toBe('bad_name');
    expect(await listUsers(db)).toEqual([expect.stringMatching(/^ana\s+case_manager\s+Ana Lima$/)]);
  });

  it('disables and enables, resets a password and changes a role, each ending the sessions', async () => {
    const user = await checkLogin(db, 'ana', strong);
    if (typeof user === 'string') throw new Error('ana cannot sign in');
    const session = async () => (await createSession(db, user.id, new Date())).token;

    let token = await session();
    expect(await disableUser(db, 'ana')).toMatchObject({ ok: true });
    expect(await authenticate(db, token, new Date())).toBe('unknown');
    expect(await checkLogin(db, 'ana', strong)).toBe('disabled');
    expect(await listUsers(db)).toEqual([expect.stringMatching(/\(disabled\)$/)]);
    expect(await enableUser(db, 'ana')).toMatchObject({ ok: true });

    token = await session();
    expect(await resetPassword(db, 'ana', 'tiny')).toMatchObject({ ok: false, refusal: { code: 'weak_password' } });
    expect(await resetPassword(db, 'ana', 'a new long passphrase')).toMatchObject({ ok: true });
    expect(await authenticate(db, token, new Date())).toBe('unknown');
    expect(await checkLogin(db, 'ana', strong)).toBe('wrong');

    token = await session();
    expect(await changeRole(db, 'ana', 'boss')).toMatchObject({ ok: false, refusal: { code: 'bad_role', message: expect.stringContaining('team_lead') } });
    expect(await changeRole(db, 'ana', 'team_lead')).toMatchObject({ ok: true });
    expect(await authenticate(db, token, new Date())).toBe('unknown');
    expect(await checkLogin(db, 'ana', 'a new long passphrase')).toMatchObject({ role: 'team_lead' });

    for (const change of [disableUser(db, 'zed'), enableUser(db, 'zed'), resetPassword(db, 'zed', strong), changeRole(db, 'zed', 'reviewer'), unlockUser(db, 'zed', new Date())]) {
      expect(await change).toMatchObject({ ok: false, refusal: { code: 'unknown_user', message: 'There is no user "zed". List the team with `user list`.' } });
    }
  });

  it('unlocks a locked account, and says so when it was not locked', async () => {
    const limits = { perUsername: 2, perAddress: 100, windowMs: 60_000, lockMs: 60_000 };
    const now = new Date();
    expect(await unlockUser(db, 'ana', now)).toMatchObject({ ok: false, refusal: { code: 'not_locked' } });
    for (let i = 0; i < 2; i += 1) await db.transaction((tx) => reserveSignInAttempt(tx, { username: 'ana', address: 'a' }, now, limits));
    expect(await db.transaction((tx) => reserveSignInAttempt(tx, { username: 'ana', address: 'a' }, now, limits))).toMatchObject({ ok: false });
    expect(await unlockUser(db, 'ana', now)).toMatchObject({ ok: true });
    expect(await db.transaction((tx) => reserveSignInAttempt(tx, { username: 'ana', address: 'a' }, now, limits))).toEqual({ ok: true });
  });
});

/** Runs `npm run server -- user …` as a real process, with `stdin` as its input. */
function userCommand(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'user', ...args], { cwd: root, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const url = process.env.DATABASE_URL;

describe('the user command', () => {
  it('says it needs a PostgreSQL database, and what it does', async () => {
    const none = await userCommand(['list'], { DATABASE_URL: '' });
    expect(none.code).toBe(2);
    expect(none.err).toContain('give --database-url or set DATABASE_URL');
    const help = await userCommand(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toContain('reset-password USERNAME');
  }, 120_000); // Two processes starting TypeScript: seconds each on a loaded two-core machine.

  it.runIf(url)('adds, lists, changes and refuses on a real PostgreSQL database', async () => {
    const schema = await scratchSchema(url!, 'test_cli');
    const env = { DATABASE_URL: schema.url };
    try {
      const added = await userCommand(['add', 'mei', '--name', 'Mei Chen (陈梅)', '--role', 'team_lead'], env, 'a fine long password\n');
      expect(added).toMatchObject({ code: 0, out: 'Added Mei Chen (陈梅) (mei) as team lead.\n' });
      expect((await userCommand(['list'], env)).out).toMatch(/^mei\s+team_lead\s+Mei Chen \(陈梅\)\n$/);
      expect(await userCommand(['role', 'mei', 'reviewer'], env)).toMatchObject({ code: 0 });
      expect(await userCommand(['role', 'mei', 'chief'], env)).toMatchObject({ code: 1, err: expect.stringContaining('"chief" is not a role') });
      expect(await userCommand(['reset-password', 'mei'], env, 'short\n')).toMatchObject({ code: 1, err: expect.stringContaining('at least 12 characters') });
      expect(await userCommand(['disable', 'nobody'], env)).toMatchObject({ code: 1, err: expect.stringContaining('There is no user "nobody"') });
      expect(await userCommand(['unlock', 'mei'], env)).toMatchObject({ code: 1, err: expect.stringContaining('is not locked') });
      expect(await userCommand(['disable', 'mei'], env)).toMatchObject({ code: 0 });
      expect(await userCommand(['frobnicate'], env)).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command "frobnicate"') });
      expect(await userCommand(['add', 'kim'], env)).toMatchObject({ code: 2, err: expect.stringContaining('needs --name and --role') });
    } finally {
      await schema.drop();
    }
  }, 300_000); // Ten processes starting TypeScript, each opening PostgreSQL.
});
