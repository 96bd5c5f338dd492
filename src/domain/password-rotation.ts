import type { ServiceAccount } from './service-account';
import { addDays, daysBetween, formatDate, pluralDays } from './dates';

/**
 * An sMSA's host changes its password like a computer account: every 30 days by default (the
 * domain's maximum machine-account password age; AUDIT_MAX_PASSWORD_AGE_DAYS where it differs).
 */
export const SMSA_ROTATION_DAYS = 30;

/** "12 days" since the password was last set, or "never set". */
export function passwordAgeText(account: ServiceAccount, now: Date): string {
  if (account.passwordLastSetAt === null) return 'never set';
  return pluralDays(daysBetween(account.passwordLastSetAt, now));
}

/** Days between automatic password changes: the gMSA's own interval, the machine-account age for sMSAs. */
export function rotationIntervalDays(account: ServiceAccount, smsaDays = SMSA_ROTATION_DAYS): number {
  return account.kind === 'gMSA' ? (account.passwordIntervalDays ?? smsaDays) : smsaDays;
}

/** When the next automatic change is due, in words; overdue when that moment has passed. */
export function nextRotationText(account: ServiceAccount, now: Date, smsaDays = SMSA_ROTATION_DAYS): string {
  const interval = rotationIntervalDays(account, smsaDays);
  if (account.passwordLastSetAt === null)
    return `unknown: the password was never set (expected every ${pluralDays(interval)})`;
  const due = addDays(account.passwordLastSetAt, interval);
  if (due.getTime() < now.getTime()) {
    return `overdue since ${formatDate(due)} (${pluralDays(daysBetween(due, now))}; expected every ${pluralDays(interval)})`;
  }
  return `${formatDate(due)} (every ${pluralDays(interval)})`;
}
