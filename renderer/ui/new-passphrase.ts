import { z } from 'zod';
import { passphraseProblem } from '../../shared/contract/at-rest';

/**
 * A new passphrase as a form takes it: the host's length rule (shared), typed twice the same. Its
 * messages are i18n keys, translated with `passphraseLength`. Settings and the lock screen use it.
 */
export const newPassphraseForm = z
  .object({ passphrase: z.string(), again: z.string() })
  .refine((values) => passphraseProblem(values.passphrase) === null, { path: ['passphrase'], message: 'passphrase.length' })
  .refine((values) => values.passphrase === values.again, { path: ['again'], message: 'passphrase.mismatch' });
