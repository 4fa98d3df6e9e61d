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
  /**
   * Where this start moved what the store held under a key it no longer has (its key files were
   * lost, and a key made again), kept whole should the old key come back; null when nothing was.
   */
  setAside: z.string().nullable(),
});
/** How this computer keeps its evidence at rest. */
export type AtRestState = z.infer<typeof atRestStateSchema>;

/**
 * How long a desk key's passphrase may be, in characters (code points): long enough that scrypt
 * makes guessing slow, short enough that deriving from it cannot be made to hang the desk.
 */
export const passphraseLength = { min: 12, max: 1_024 } as const;

/** Why `passphrase` cannot protect a desk key, or null when it can: the one rule, for the form and the host. */
export function passphraseProblem(passphrase: string): string | null {
  const length = [...passphrase].length;
  if (length < passphraseLength.min) return `Use a passphrase of at least ${passphraseLength.min} characters.`;
  if (length > passphraseLength.max) return `Use a passphrase of at most ${passphraseLength.max} characters.`;
  return null;
}
