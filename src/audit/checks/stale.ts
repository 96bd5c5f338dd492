import type { FindingEvidence } from '../../domain/finding';
import type { Check } from '../check';
import { dateAndAge, daysBetween } from '../../domain/dates';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/**
 * Enabled, and no logon for staleLogonDays (lastLogonTimestamp replicates with up to 14 days' lag, so
 * the threshold is coarse on purpose). Never logged on counts once the account is that old; an account
 * with no creation date and no logon is reported, since nothing shows it is in use.
 */
export const staleCheck: Check<'stale'> = {
  id: 'stale',
  severity: 'low',
  title: 'No recent logon',
  run(facts, { now, config }) {
    const { account } = facts;
    if (!account.enabled) return [];
    const limit = config.staleLogonDays;
    const evidence: FindingEvidence[] = [];
    if (account.lastLogonAt !== null) {
      if (daysBetween(account.lastLogonAt, now) <= limit) return [];
      evidence.push({ label: 'Last logon', value: dateAndAge(account.lastLogonAt, now) });
    } else {
      if (account.createdAt !== null && daysBetween(account.createdAt, now) <= limit) return [];
      evidence.push({ label: 'Last logon', value: 'never' });
      if (account.createdAt !== null)
        evidence.push({ label: 'Created', value: dateAndAge(account.createdAt, now) });
    }
    evidence.push({ label: 'Threshold', value: `${limit} days` });
    return [
      makeFinding(staleCheck, facts, {
        detail: 'no-recent-logon',
        title:
          account.lastLogonAt === null
            ? 'Never logged on'
            : `No logon for ${daysBetween(account.lastLogonAt, now)} days`,
        evidence,
        why:
          'Nothing has signed in as this account for a long time: the service has probably moved or been ' +
          'retired, but the account keeps its rights.',
        mitigation:
          `Find out whether a service still uses it; if not, disable it (Disable-ADAccount ${powershellQuote(account.samAccountName)}) ` +
          'and remove it after a grace period.',
        remediation: { kind: 'disable-account' },
      }),
    ];
  },
};
