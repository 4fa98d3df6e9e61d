// Due dates are picked in the case manager's own time zone (a native datetime-local field, which
// every host's Chromium provides with its own picker) and sent as UTC, as the service stores them.

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A UTC time as a datetime-local field's value in this computer's time zone: "2025-03-10T14:30". */
export function toLocalInput(iso: string): string {
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A datetime-local field's value as a UTC ISO-8601 time, or undefined when it is not a time. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** `days` days after `iso`, for a due date's starting value. */
export function daysAfter(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 24 * 3_600_000).toISOString();
}
