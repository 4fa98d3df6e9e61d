import { randomUUID } from 'node:crypto';
import { roleSchema, type Role } from '../shared/domain/model';
import { hashPassword, revokeSessionsOf } from './auth';
import type { Database } from './db/database';
import { unlockUsername } from './sign-in-guard';

/** Why a change to the team was refused, with a message the administrator can act on. */
export interface UserRefusal {
  code: 'unknown_user' | 'username_taken' | 'bad_username' | 'bad_name' | 'weak_password' | 'bad_role' | 'not_locked';
  message: string;
}

/** A change to the team that was made, or why not. */
export type UserChange = { ok: true; message: string } | { ok: false; refusal: UserRefusal };

/** The shortest password accepted: long enough to resist guessing within the sign-in throttle's limits for years. */
export const minPasswordLength = 12;
const maxPasswordLength = 256;

const refuse = (code: UserRefusal['code'], message: string): UserChange => ({ ok: false, refusal: { code, message } });

function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < minPasswordLength) return `The password must have at least ${minPasswordLength} characters; it has ${password.length}.`;
  if (password.length > maxPasswordLength) return `The password may have at most ${maxPasswordLength} characters.`;
  if (password.toLowerCase().includes(username.toLowerCase())) return 'The password must not contain the username.';
  if (new Set(password).size < 4) return 'The password repeats too few characters; choose one with at least four different characters.';
  return undefined;
}

function parseRole(role: string): Role | undefined {
  const parsed = roleSchema.safeParse(role);
  return parsed.success ? parsed.data : undefined;
}

const badRole = (role: string) => refuse('bad_role', `"${role.slice(0, 40)}" is not a role. Choose one of: ${roleSchema.options.join(', ')}.`);

async function findUser(db: Database, username: string) {
  const [row] = await db.query<{ id: string; name: string; role: Role; disabled: boolean }>(
    'SELECT id, name, role, disabled FROM users WHERE username = $1',
    [username],
  );
  return row;
}

const unknownUser = (username: string) => refuse('unknown_user', `There is no user "${username.slice(0, 64)}". List the team with \`user list\`.`);

/** Adds a team member who signs in with `username` and `password`. */
export async function addUser(db: Database, input: { username: string; name: string; role: string; password: string }): Promise<UserChange> {
  const { username, name, password } = input;
  if (!/^[a-z0-9][a-z0-9._-]{1,39}$/.test(username)) {
    return refuse('bad_username', 'A username has 2 to 40 characters: lowercase letters, digits, dots, dashes and underscores, starting with a letter or digit.');
  }
  if (name.trim().length === 0 || name.length > 120) return refuse('bad_name', 'Give the name the team sees (--name), at most 120 characters.');
  const role = parseRole(input.role);
  if (!role) return badRole(input.role);
  const weak = passwordProblem(password, username);
  if (weak) return refuse('weak_password', weak);
  const [taken] = await db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username]);
  if (taken) return refuse('username_taken', `The username "${username}" is taken. Choose another.`);
  await db.query('INSERT INTO users (id, username, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)', [
    `u-${randomUUID()}`,
    username,
    name.trim(),
    role,
    await hashPassword(password),
  ]);
  return { ok: true, message: `Added ${name.trim()} (${username}) as ${role.replace('_', ' ')}.` };
}

/** Disables an account: it signs in no more and its sessions end at once. Its past work stays its own. */
export async function disableUser(db: Database, username: string): Promise<UserChange> {
  const user = await findUser(db, username);
  if (!user) return unknownUser(username);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);
    await revokeSessionsOf(tx, user.id);
  });
  return { ok: true, message: `Disabled ${user.name} (${username}); their sessions have ended.` };
}

/** Enables a disabled account again. */
export async function enableUser(db: Database, username: string): Promise<UserChange> {
  const user = await findUser(db, username);
  if (!user) return unknownUser(username);
  await db.query('UPDATE users SET disabled = false WHERE id = $1', [user.id]);
  return { ok: true, message: `Enabled ${user.name} (${username}).` };
}

/** Sets a new password, ending the account's sessions and lifting a sign-in lock. */
export async function resetPassword(db: Database, username: string, password: string): Promise<UserChange> {
  const user = await findUser(db, username);
  if (!user) return unknownUser(username);
  const weak = passwordProblem(password, username);
  if (weak) return refuse('weak_password', weak);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, hash]);
    await revokeSessionsOf(tx, user.id);
  });
  await unlockUsername(db, username, new Date());
  return { ok: true, message: `Set a new password for ${user.name} (${username}); their sessions have ended.` };
}

/**
 * Changes an account's role. Its sessions end, so the desk signs in again and holds only what the
 * new role may read (a former team lead's copy of the audit log is forgotten on that sign-in).
 */
export async function changeRole(db: Database, username: string, roleName: string): Promise<UserChange> {
  const role = parseRole(roleName);
  if (!role) return badRole(roleName);
  const user = await findUser(db, username);
  if (!user) return unknownUser(username);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET role = $2 WHERE id = $1', [user.id, role]);
    await revokeSessionsOf(tx, user.id);
  });
  return { ok: true, message: `${user.name} (${username}) is now a ${role.replace('_', ' ')}; they sign in again.` };
}

/** Lifts the sign-in lock on an account before it runs out. */
export async function unlockUser(db: Database, username: string, now: Date): Promise<UserChange> {
  const user = await findUser(db, username);
  if (!user) return unknownUser(username);
  if (!(await unlockUsername(db, username, now))) return refuse('not_locked', `${user.name} (${username}) is not locked; nothing was changed.`);
  return { ok: true, message: `Unlocked ${user.name} (${username}); they can sign in again.` };
}

/** The team, for `user list`: one line per member. */
export async function listUsers(db: Database): Promise<string[]> {
  const rows = await db.query<{ username: string; name: string; role: Role; disabled: boolean }>(
    'SELECT username, name, role, disabled FROM users ORDER BY username',
  );
  return rows.map((row) => `${row.username.padEnd(20)} ${row.role.padEnd(13)} ${row.name}${row.disabled ? ' (disabled)' : ''}`);
}
