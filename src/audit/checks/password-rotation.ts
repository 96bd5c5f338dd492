import type { Check } from '../check';
import { dateAndAge, daysBetween } from '../../domain/dates';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/**
 * sMSA: the host changes the password like its own machine password (max age from the config).
 * gMSA: the KDS rolls it every msDS-ManagedPasswordInterval days when a host asks for it.
 * Disabled accounts are left to the `disabled` check: they are not expected to rotate.
 */
export const passwordRotationCheck: Check<'password-rotation'> = {
  id: 'password-rotation',
  severity: 'medium',
  title: 'Password not rotating',
  run(facts, { now, config }) {
    const { account } = facts;
    if (!account.enabled) return [];
    const identity = powershellQuote(account.samAccountName);
    if (account.passwordLastSetAt === null) {
      return [
        makeFinding(passwordRotationCheck, facts, {
          detail: 'never-set',
          severity: 'high',
          title: 'Password never set',
          evidence: [{ label: 'pwdLastSet', value: '0: never set' }],
          why:
            'The password was never set (or was reset to "must change"): no host has ever installed and used ' +
            'this account, so it is either unfinished or abandoned, and nothing manages its password.',
          mitigation:
            account.kind === 'sMSA'
              ? `Install it on its server (Install-ADServiceAccount ${identity}; Test-ADServiceAccount ${identity}) or remove it.`
              : `Let a host retrieve it (Install-ADServiceAccount ${identity} on a server in PrincipalsAllowedToRetrieveManagedPassword) or remove it.`,
        }),
      ];
    }
    const intervalDays =
      account.kind === 'gMSA'
        ? (account.passwordIntervalDays ?? config.maxPasswordAgeDays)
        : config.maxPasswordAgeDays;
    const ageDays = daysBetween(account.passwordLastSetAt, now);
    if (ageDays <= intervalDays + config.passwordGraceDays) return [];
    return [
      makeFinding(passwordRotationCheck, facts, {
        detail: 'overdue',
        title: `Password ${ageDays} days old (rotates every ${intervalDays})`,
        evidence: [
          { label: 'Password last set', value: dateAndAge(account.passwordLastSetAt, now) },
          {
            label: 'Expected rotation',
            value:
              `every ${intervalDays} days` +
              (account.kind === 'gMSA'
                ? ' (msDS-ManagedPasswordInterval)'
                : ' (machine account password age)') +
              ` + ${config.passwordGraceDays} days' grace`,
          },
          { label: 'Overdue by', value: `${ageDays - intervalDays} days` },
        ],
        why:
          account.kind === 'sMSA'
            ? 'The host should have changed this password by now: the host link is broken, the server is off ' +
              'or gone, or password changes are disabled on it. A password that never changes is what ' +
              'managed accounts exist to avoid.'
            : 'No host has retrieved the password since it was due to roll over: the gMSA is probably no longer ' +
              'used, or hosts cannot reach the KDS root key.',
        mitigation:
          account.kind === 'sMSA'
            ? `On the server run Test-ADServiceAccount ${identity}; if it fails, re-link the account ` +
              `(Install-ADServiceAccount ${identity}) or Reset-ADServiceAccountPassword ${identity}.`
            : `On a host run Test-ADServiceAccount ${identity}; if nothing uses the account any more, disable or remove it.`,
      }),
    ];
  },
};
