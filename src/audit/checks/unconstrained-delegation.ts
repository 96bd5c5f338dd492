import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

export const unconstrainedDelegationCheck: Check<'unconstrained-delegation'> = {
  id: 'unconstrained-delegation',
  severity: 'critical',
  title: 'Unconstrained delegation',
  run(facts) {
    const { account } = facts;
    if (!account.trustedForDelegation) return [];
    return [
      makeFinding(unconstrainedDelegationCheck, facts, {
        detail: 'trusted-for-delegation',
        title: 'Trusted for unconstrained delegation',
        evidence: [
          {
            label: 'userAccountControl',
            value: 'TRUSTED_FOR_DELEGATION (0x80000) is set',
          },
        ],
        why:
          'Every user who authenticates to a service running as this account leaves a forwardable ticket ' +
          '(TGT) on its host; whoever controls the host can reuse those tickets to impersonate the users — ' +
          'domain admins included — to any service in the forest.',
        mitigation:
          'Use constrained delegation to the SPNs the service really needs, or clear the flag: ' +
          `Set-ADAccountControl -Identity ${powershellQuote(account.samAccountName)} -TrustedForDelegation $false. ` +
          'Put admin accounts in Protected Users.',
        remediation: { kind: 'clear-unconstrained-delegation' },
      }),
    ];
  },
};
