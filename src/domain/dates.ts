const DAY_MS = 86_400_000;

/** `2025-11-01 10:00 UTC`: the same for every reader, whatever the bot's time zone. */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2025-03-01` (UTC): dates in a finding's evidence are days, not instants. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `2025-03-01 (75 days ago)`: a day and its age, for evidence. */
export function dateAndAge(date: Date, now: Date): string {
  return `${formatDay(date)} (${pluralDays(daysBetween(date, now))} ago)`;
}

/** `2025-11-01 10:00 UTC (12 days ago)`, or `never` when there is no date. */
export function dateAgo(date: Date | null, never: string, now: Date): string {
  return date === null ? never : `${formatDate(date)} (${pluralDays(daysBetween(date, now))} ago)`;
}

/** Whole days from `from` to `to`; never negative, so a skewed clock reads as "0 days" (and is not a finding). */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** `1 day` / `12 days`. */
export function pluralDays(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
