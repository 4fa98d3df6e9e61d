import { z } from 'zod';

/** An amount of money: an integer in the currency's minor units (cents, fen), never a float. */
export const moneySchema = z.object({
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'A currency is a three-letter ISO 4217 code such as USD.'),
});

/** An amount of money in minor units with its currency. */
export type Money = z.infer<typeof moneySchema>;

// The one home of a currency's minor-unit digits (2 for USD, 0 for JPY, 3 for KWD) and of the
// exact conversions between minor units and the decimal a person types or reads. Conversions work
// on the digits, never through a float, so 0.1 + 0.2 never becomes a refund.

const digitsByCurrency = new Map<string, number>();

/** How many minor-unit digits a currency has, from ISO 4217 as Intl knows it: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Money in minor units as an exact decimal in major units: 2550 USD → "25.50", 500 JPY → "500". */
export function toMajorAmount(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  if (digits === 0) return String(money.amountMinor);
  const padded = String(money.amountMinor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * An amount typed in major units as money in minor units, or undefined when it is not a plain
 * non-negative number with at most the currency's number of decimals ("25", "25.5", "25.50").
 */
export function parseMajorAmount(typed: string, currency: string): Money | undefined {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const amountMinor = Number(`${match[1]}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(amountMinor) ? { amountMinor, currency } : undefined;
}
