import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

export const disabledCheck: Check<'disabled'> = {
  id: 'disabled',
  severity: 'low',
  title: 'Disabled account',
  run(facts) {
    const { account } = facts;
    if (account.enabled) return [];
    return [
      makeFinding(disabledCheck, facts, {
        detail: 'disabled',
        title: 'Account is disabled',
        evidence: [{ label: 'userAccountControl', value: 'ACCOUNTDISABLE (0x2) is set' }],
        why:
          'A disabled service account is an unused identity that still carries its group memberships, ' +
          'delegation and ACLs; re-enabling it restores all of them silently.',
        mitigation: `Confirm nothing needs it, then remove it: Remove-ADServiceAccount ${powershellQuote(account.samAccountName)}.`,
      }),
    ];
  },
};
