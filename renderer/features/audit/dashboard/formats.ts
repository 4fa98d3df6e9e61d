import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { durationParts } from './dashboard-stats';

/** The dashboards' number and date formats in the user's language; '—' where there is no value. */
export interface DashboardFormats {
  count: (value: number) => string;
  percent: (value: number | null) => string;
  /** A time from escalation to ruling in minutes, hours or days. */
  duration: (ms: number | null) => string;
  /** Hours, for the time-to-ruling chart's axis. */
  hours: (value: number) => string;
  /** A UTC day (YYYY-MM-DD) briefly, for chart ticks. */
  shortDay: (day: string) => string;
  /** A UTC day (YYYY-MM-DD) in full, for tables and tooltips. */
  longDay: (day: string) => string;
  /** An inclusive range of UTC days. */
  range: (from: string, to: string) => string;
}

function utc(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The formats for the current language, made once per language. */
export function useDashboardFormats(): DashboardFormats {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const count = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const unit = (name: string) => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 1 });
    const durations = { minute: unit('minute'), hour: unit('hour'), day: unit('day') };
    const shortDay = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const longDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return {
      count: (value) => count.format(value),
      percent: (value) => (value === null ? '—' : percent.format(value)),
      duration: (ms) => {
        if (ms === null) return '—';
        const { unit, value } = durationParts(ms);
        return durations[unit].format(value);
      },
      hours: (value) => durations.hour.format(value),
      shortDay: (day) => shortDay.format(utc(day)),
      longDay: (day) => longDay.format(utc(day)),
      range: (from, to) => (from <= to ? longDay.formatRange(utc(from), utc(to)) : `${from} – ${to}`),
    };
  }, [locale]);
}
