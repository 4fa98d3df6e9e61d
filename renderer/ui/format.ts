import { minorUnitDigits, type Money } from '../../shared/domain/money';

/** Money in minor units shown in the user's language, e.g. 1234 USD → "$12.34" in English. */
export function formatMoney(money: Money, locale: string): string {
  // The minor units' digits are the currency's, whatever the language shows.
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amountMinor / 10 ** minorUnitDigits(money.currency));
}

/** A service time (UTC ISO-8601) as a date and time in the user's language and time zone. */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A service time as a short date and time ("11/28/26, 1:14 PM"), for a narrow column whose tooltip has the long one. */
export function formatShortDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** A service time (UTC ISO-8601) as a date alone in the user's language and time zone, for narrow columns. */
export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A due date as a short countdown such as "3 h" or "2 d", in the user's language. */
export function formatCountdown(dueAt: string, now: Date, locale: string): string {
  const hours = Math.round((new Date(dueAt).getTime() - now.getTime()) / 3_600_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  return Math.abs(hours) < 48 ? format.format(hours, 'hour') : format.format(Math.round(hours / 24), 'day');
}

/** A file size in decimal units, as the seed's "2MB" limit counts them. */
export function formatBytes(bytes: number, locale: string): string {
  const [unit, divisor] =
    bytes < 1000
      ? (['byte', 1] as const)
      : bytes < 1_000_000
        ? (['kilobyte', 1000] as const)
        : bytes < 1_000_000_000
          ? (['megabyte', 1_000_000] as const)
          : (['gigabyte', 1_000_000_000] as const);
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(bytes / divisor);
}

/** A country's name in `locale` from its ISO 3166-1 code, or the code itself if Intl has no name. */
export function formatCountry(code: string, locale: string): string {
  return new Intl.DisplayNames(locale, { type: 'region' }).of(code) ?? code;
}

/** Items joined as a sentence does in `locale`: "video and photo", "视频和照片". */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** How long something has gone on, as "2 min" or "1 hr", in the user's language; at least a minute. */
export function formatElapsed(ms: number, locale: string): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : [Math.floor(minutes / 60), 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}
