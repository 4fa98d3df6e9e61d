import { z } from 'zod';
import { roleSchema } from '../domain/model';

/**
 * `GET /auth/locks`, for team leads: the accounts locked after too many failed sign-ins, and until
 * when. `POST /auth/unlock` with `{userId}` lifts one lock.
 */
export const signInLocksResponseSchema = z.object({
  locked: z.array(
    z.object({ userId: z.string().max(200), username: z.string().max(200), name: z.string().max(200), role: roleSchema, lockedUntil: z.string().max(40) }),
  ),
});
/** The locked accounts. */
export type SignInLocksResponse = z.infer<typeof signInLocksResponseSchema>;

/** `POST /auth/unlock`: which account to unlock. */
export const unlockRequestSchema = z.object({ userId: z.string().min(1).max(200) });

/** `GET /health/ready`: whether the service can answer sync calls now, and if not, why. */
export const readinessResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['answers', 'unreachable']),
  pendingMigrations: z.array(z.string()),
});
/** The readiness answer. */
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
