import type { Role } from '../shared/domain/model';
import type { Queryable } from './db/database';

/**
 * How many sign-in attempts a username and a client address get before they are refused for a
 * while (decision 0018). An address gets more than a username: a team's office may sign in from
 * one address.
 */
export interface SignInLimits {
  perUsername: number;
  perAddress: number;
  /** Attempts are counted within a window this long, starting at the first. */
  windowMs: number;
  /** How long a username or address stays refused once it reached its limit. */
  lockMs: number;
}

/** Five attempts a username, twenty an address, in fifteen minutes; then fifteen minutes' wait. */
export const defaultSignInLimits: SignInLimits = { perUsername: 5, perAddress: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

type Scope = 'username' | 'address';

/** A sign-in's identity for counting: the username as typed, case folded; the client's address. */
export interface SignInAttempt {
  username: string;
  address: string;
}

// Keys are bounded so that a megabyte username costs a row of ordinary size; names that long
// share a count, which only throttles them sooner.
const keyOf = (scope: Scope, attempt: SignInAttempt) => (scope === 'username' ? attempt.username.toLowerCase() : attempt.address).slice(0, 256);

interface Row {
  window_start: string;
  attempts: number;
  locked_until: string | null;
}

/**
 * Counts one sign-in attempt against its username and address before the password is checked,
 * so that a burst of parallel guesses is counted as it arrives. Refused, with the seconds until a
 * new attempt is allowed, while either is locked; the attempt that reaches a limit is checked and
 * locks the key. Run inside a transaction: each key's row is locked until it commits.
 */
export async function reserveSignInAttempt(
  tx: Queryable,
  attempt: SignInAttempt,
  now: Date,
  limits: SignInLimits,
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const at = now.toISOString();
  let retryAfterMs = 0;
  const updates: (() => Promise<unknown>)[] = [];
  for (const scope of ['username', 'address'] as const) {
    const key = keyOf(scope, attempt);
    await tx.query('INSERT INTO sign_in_throttle (scope, key, window_start, attempts) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING', [scope, key, at]);
    const [row] = await tx.query<Row>('SELECT window_start, attempts, locked_until FROM sign_in_throttle WHERE scope = $1 AND key = $2 FOR UPDATE', [scope, key]);
    if (!row) throw new Error(`the sign-in throttle row for ${scope} was not written`);
    if (row.locked_until && row.locked_until > at) {
      retryAfterMs = Math.max(retryAfterMs, Date.parse(row.locked_until) - now.getTime());
      continue;
    }
    const fresh = Date.parse(row.window_start) <= now.getTime() - limits.windowMs || row.locked_until !== null;
    const attempts = (fresh ? 0 : row.attempts) + 1;
    const limit = scope === 'username' ? limits.perUsername : limits.perAddress;
    const lockedUntil = attempts >= limit ? new Date(now.getTime() + limits.lockMs).toISOString() : null;
    updates.push(() =>
      tx.query('UPDATE sign_in_throttle SET window_start = $3, attempts = $4, locked_until = $5 WHERE scope = $1 AND key = $2', [
        scope,
        key,
        fresh ? at : row.window_start,
        attempts,
        lockedUntil,
      ]),
    );
  }
  // A locked username or address is refused without counting against the other.
  if (retryAfterMs > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  for (const update of updates) await update();
  return { ok: true };
}

/**
 * Deletes the counts whose window and lock have passed, skipping rows a reservation holds, so it
 * never waits for one nor locks rows in another order than a reservation does.
 */
export async function pruneSignInThrottle(db: Queryable, now: Date, limits: SignInLimits): Promise<void> {
  await db.query(
    `DELETE FROM sign_in_throttle WHERE (scope, key) IN (
       SELECT scope, key FROM sign_in_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $2)
          FOR UPDATE SKIP LOCKED)`,
    [
    new Date(now.getTime() - limits.windowMs).toISOString(),
    now.toISOString(),
  ]);
}

/**
 * A sign-in succeeded: its username starts afresh, and its address gets the attempt back (and
 * loses the lock that attempt may have set), so a team signing in from one office is not
 * throttled by its own successes.
 */
export async function forgiveSignInAttempt(db: Queryable, attempt: SignInAttempt, limits: SignInLimits): Promise<void> {
  await db.query("DELETE FROM sign_in_throttle WHERE scope = 'username' AND key = $1", [keyOf('username', attempt)]);
  await db.query(
    `UPDATE sign_in_throttle SET attempts = GREATEST(attempts - 1, 0),
            locked_until = CASE WHEN attempts - 1 < $2 THEN NULL ELSE locked_until END
      WHERE scope = 'address' AND key = $1`,
    [keyOf('address', attempt), limits.perAddress],
  );
}

/** A team member who cannot sign in until `lockedUntil`, or until a team lead unlocks them. */
export interface LockedAccount {
  userId: string;
  username: string;
  name: string;
  role: Role;
  lockedUntil: string;
}

/** The team's accounts locked now. Locks on usernames nobody has are not listed: there is no one to unlock. */
export async function lockedAccounts(db: Queryable, now: Date): Promise<LockedAccount[]> {
  return db.query<LockedAccount>(
    `SELECT users.id AS "userId", users.username, users.name, users.role, sign_in_throttle.locked_until AS "lockedUntil"
       FROM sign_in_throttle JOIN users ON lower(users.username) = sign_in_throttle.key
      WHERE sign_in_throttle.scope = 'username' AND sign_in_throttle.locked_until > $1
      ORDER BY users.name`,
    [now.toISOString()],
  );
}

/** Lifts the lock (and forgets the failed attempts) on a username. True when there was a lock. */
export async function unlockUsername(db: Queryable, username: string, now: Date): Promise<boolean> {
  const removed = await db.query(
    "DELETE FROM sign_in_throttle WHERE scope = 'username' AND key = $1 RETURNING locked_until",
    [username.toLowerCase().slice(0, 256)],
  );
  return removed.some((row) => typeof row.locked_until === 'string' && row.locked_until > now.toISOString());
}
