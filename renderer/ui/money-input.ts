import type { Money } from '../../shared/domain/money';

// Amounts are typed in major units ("25.50") but stored in minor units (2550). The conversion is
// done on the digits, never through a float, so 0.1 + 0.2 never becomes a refund.

/** How many minor-unit digits a currency has: 2 for USD, 0 for JPY, 3 for KWD. */
function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount typed in major units as money in minor units, or undefined when it is not a plain
 * non-negative number with at most the currency's number of decimals ("25", "25.5", "25.50").
 */
export function parseMajorAmount(typed: string, currency: string): Money | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const amountMinor = Number(`${match[1]}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(amountMinor) ? { amountMinor, currency } : undefined;
}

/** Money in minor units written back as a typed major amount: 2550 USD → "25.50". */
export function toMajorAmount(money: Money): string {
  const digits = minorDigits(money.currency);
  if (digits === 0) return String(money.amountMinor);
  const padded = String(money.amountMinor).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
