import type { ServiceAccount } from '../domain/service-account';
import { addDays, daysBetween, formatDate, pluralDays } from './format-date';

/** An sMSA's host changes its password like a computer account: every 30 days by default. */
export const SMSA_ROTATION_DAYS = 30;

/** "12 days" since the password was last set, or "never set". */
export function passwordAgeText(account: ServiceAccount, now: Date): string {
  if (account.passwordLastSetAt === null) return 'never set';
  return pluralDays(daysBetween(account.passwordLastSetAt, now));
}

/** Days between automatic password changes: the gMSA's own interval, 30 for sMSAs. */
export function rotationIntervalDays(account: ServiceAccount): number {
  return account.kind === 'gMSA' ? (account.passwordIntervalDays ?? SMSA_ROTATION_DAYS) : SMSA_ROTATION_DAYS;
}

/** When the next automatic change is due, in words; overdue when that moment has passed. */
export function nextRotationText(account: ServiceAccount, now: Date): string {
  const interval = rotationIntervalDays(account);
  if (account.passwordLastSetAt === null)
    return `unknown: the password was never set (expected every ${pluralDays(interval)})`;
  const due = addDays(account.passwordLastSetAt, interval);
  if (due.getTime() < now.getTime()) {
    return `overdue since ${formatDate(due)} (${pluralDays(daysBetween(due, now))}; expected every ${pluralDays(interval)})`;
  }
  return `${formatDate(due)} (every ${pluralDays(interval)})`;
}
