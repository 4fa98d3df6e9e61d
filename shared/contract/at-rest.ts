import { z } from 'zod';

/**
 * How this computer keeps its evidence at rest (issue 22, decision 0036), for Settings: what
 * protects the desk key, and why not the keychain when the desktop host could not use it.
 */
export const atRestStateSchema = z.object({
  protection: z.enum(['keychain', 'passphrase', 'key-file']),
  /** The keychain's backend as the OS names it, when the keychain holds the key. */
  backend: z.string().nullable(),
  /** Whether the key was made at this start (the store was plain until now, and is being sealed). */
  made: z.boolean(),
  /** On a host with a keychain that protects nothing (Linux `basic_text`), its backend's name; else null. */
  unusableKeychain: z.string().nullable(),
});
/** How this computer keeps its evidence at rest. */
export type AtRestState = z.infer<typeof atRestStateSchema>;
