import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Role } from '../shared/domain/model';
import type { User } from '../shared/sync/protocol';
import type { Queryable } from './db/database';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** How long a login lasts. A case manager offline longer than this signs in again; their work waits. */
export const sessionHours = 12;

/** Hashes a password with scrypt and a random salt, as `scrypt$salt$hash` in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a session for a user and returns its bearer token, which is stored only as a hash. */
export async function createSession(db: Queryable, userId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000).toISOString();
  await db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash(token), userId, expiresAt]);
  return { token, expiresAt };
}

/** Who a bearer token belongs to: the user, `expired`, or `unknown` (never issued, signed out, or the account disabled). */
export async function authenticate(db: Queryable, token: string, now: Date): Promise<User | 'expired' | 'unknown'> {
  const [row] = await db.query<{ id: string; name: string; role: Role; expires_at: string }>(
    `SELECT users.id, users.name, users.role, sessions.expires_at
       FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = $1 AND NOT users.disabled`,
    [tokenHash(token)],
  );
  if (!row) return 'unknown';
  if (row.expires_at <= now.toISOString()) return 'expired';
  return { id: row.id, name: row.name, role: row.role };
}

/** Ends the session of a bearer token: the token is refused from then on. */
export async function revokeSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Ends every session of a user, as when their account is disabled or their password reset. */
export async function revokeSessionsOf(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

// A hash of a password nobody knows, made once with the same cost as a real one: an unknown
// username is checked against it, so it takes as long to refuse as a known one.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a username and password: the user, `wrong` (one answer for an unknown username and a
 * wrong password, after the same work), or `disabled` (the right password of a disabled account).
 */
export async function checkLogin(db: Queryable, username: string, password: string): Promise<User | 'wrong' | 'disabled'> {
  const [row] = await db.query<{ id: string; name: string; role: Role; password_hash: string; disabled: boolean }>(
    'SELECT id, name, role, password_hash, disabled FROM users WHERE username = $1',
    [username],
  );
  decoyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !matches) return 'wrong';
  if (row.disabled) return 'disabled';
  return { id: row.id, name: row.name, role: row.role };
}
