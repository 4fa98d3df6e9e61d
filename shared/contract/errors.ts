import { z } from 'zod';

/**
 * Every error code a desk call can answer with. Codes are stable: the renderer and scripts
 * branch on them, so a code is added, never renamed.
 */
export const deskErrorCodes = [
  'unauthorized',
  'forbidden_origin',
  'forbidden',
  'bad_request',
  'payload_too_large',
  'unknown_call',
  'host_unavailable',
  'internal',
  /** The desk's key is not open yet: the window asks for its passphrase first (issue 22). */
  'desk_locked',
] as const;

/** A stable, machine-readable reason a desk call failed. */
export type DeskErrorCode = (typeof deskErrorCodes)[number];

/** An error that crosses a boundary: a stable code and a message a person can act on. */
export const deskErrorSchema = z.object({
  code: z.enum(deskErrorCodes),
  message: z.string().min(1),
});

/** An error value as it crosses IPC or HTTP. */
export type DeskError = z.infer<typeof deskErrorSchema>;

/** The outcome of a desk call: a value, or an error value. Calls never throw across a boundary. */
export type DeskResult<T> = { ok: true; value: T } | { ok: false; error: DeskError };

/** Builds the error outcome of a desk call. */
export function deskFailure(code: DeskErrorCode, message: string): DeskResult<never> {
  return { ok: false, error: { code, message } };
}

/** Turns a `never` into a build error where a switch forgot a case, and a thrown bug at run time. */
export function missingCaseError(value: never): Error {
  return new Error(`Unhandled case: ${String(value)}`);
}
