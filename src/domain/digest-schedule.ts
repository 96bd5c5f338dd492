import { Cron } from 'croner';

/**
 * Cron arithmetic in a time zone, by croner (DST-aware: a time skipped by spring-forward runs at
 * the first valid minute after the gap; a time repeated by fall-back runs once).
 */

function pattern(cron: string, timeZone: string): Cron {
  // paused: these instances only compute dates, they never schedule anything
  return new Cron(cron, { timezone: timeZone, paused: true });
}

/** Throws when croner cannot read the cron or the time zone. */
export function assertValidCron(cron: string, timeZone: string): void {
  pattern(cron, timeZone).nextRun(new Date(0));
}

/** The first slot strictly after `after`; null when the cron never runs again. */
export function nextRun(cron: string, timeZone: string, after: Date): Date | null {
  return pattern(cron, timeZone).nextRun(after);
}

/** The latest slot at or before `now`; null when there was none. */
export function latestSlot(cron: string, timeZone: string, now: Date): Date | null {
  // previousRuns is strictly before its reference, to the whole second: one second on includes `now`
  const reference = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  const [previous] = pattern(cron, timeZone).previousRuns(1, reference);
  return previous ?? null;
}
