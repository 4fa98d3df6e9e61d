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

/**
 * Whether this desk's key is open, and if not what opens it (issue 22): a desk whose keychain
 * refused, whose key only a passphrase opens, or whose OS has no keychain that protects anything
 * starts locked, and the window asks for the passphrase before anything stored is read.
 */
export const deskLockSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('open') }),
  z.object({
    status: z.literal('locked'),
    /**
     * `passphrase`: the key exists and a passphrase opens it; `new-passphrase`: there is no key
     * yet, and one is to be chosen; `keychain`: only the keychain, which refused, opens the key
     * (the desk has no passphrase), so only asking it again can.
     */
    needs: z.enum(['passphrase', 'new-passphrase', 'keychain']),
    /** Whether the keychain refused and may be asked again (`app.unlock` with `keychain`), once the person has unlocked it. */
    keychainRetry: z.boolean(),
    /** Why, in the host's words: what the OS said when its keychain refused, or that it has none that protects anything. */
    reason: z.string().max(2_000),
    /** The keychain's backend as the OS names it, where it refused or protects nothing; else null. */
    keychain: z.string().max(64).nullable(),
    /** Whether a key kept in a file beside the store (weaker: whoever copies the folder has it) may be chosen instead of a passphrase. */
    keyFileAllowed: z.boolean(),
  }),
]);
/** Whether this desk's key is open, and if not what opens it. */
export type DeskLock = z.infer<typeof deskLockSchema>;
