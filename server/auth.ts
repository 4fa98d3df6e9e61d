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

/** Who a bearer token belongs to: the user, `expired`, or `unknown`. */
export async function authenticate(db: Queryable, token: string, now: Date): Promise<User | 'expired' | 'unknown'> {
  const [row] = await db.query<{ id: string; name: string; role: Role; expires_at: string }>(
    `SELECT users.id, users.name, users.role, sessions.expires_at
       FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = $1`,
    [tokenHash(token)],
  );
  if (!row) return 'unknown';
  if (row.expires_at <= now.toISOString()) return 'expired';
  return { id: row.id, name: row.name, role: row.role };
}

/** Finds a user by username and password, or nothing: the caller says "wrong username or password". */
export async function findUserByLogin(db: Queryable, username: string, password: string): Promise<User | undefined> {
  const [row] = await db.query<{ id: string; name: string; role: Role; password_hash: string }>(
    'SELECT id, name, role, password_hash FROM users WHERE username = $1',
    [username],
  );
  if (!row || !(await verifyPassword(password, row.password_hash))) return undefined;
  return { id: row.id, name: row.name, role: row.role };
}
