import { z } from 'zod';

/** An amount of money: an integer in the currency's minor units (cents, fen), never a float. */
export const moneySchema = z.object({
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'A currency is a three-letter ISO 4217 code such as USD.'),
});

/** An amount of money in minor units with its currency. */
export type Money = z.infer<typeof moneySchema>;
