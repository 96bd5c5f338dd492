import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/** High with protocol transition (any user, no password needed), medium for Kerberos-only delegation. */
export const constrainedDelegationCheck: Check<'constrained-delegation'> = {
  id: 'constrained-delegation',
  severity: 'high',
  title: 'Constrained delegation',
  run(facts) {
    const { account } = facts;
    const targets = account.allowedToDelegateTo;
    if (targets.length === 0) return [];
    const protocolTransition = account.trustedToAuthForDelegation;
    const identity = powershellQuote(account.samAccountName);
    return [
      makeFinding(constrainedDelegationCheck, facts, {
        detail: protocolTransition ? 'protocol-transition' : 'kerberos-only',
        severity: protocolTransition ? 'high' : 'medium',
        title: protocolTransition
          ? `Delegates to ${targets.length} service(s) on behalf of any user (protocol transition)`
          : `Delegates to ${targets.length} service(s)`,
        evidence: [
          { label: 'msDS-AllowedToDelegateTo', value: targets.join(', ') },
          {
            label: 'Protocol transition',
            value: protocolTransition
              ? 'yes: TRUSTED_TO_AUTH_FOR_DELEGATION (userAccountControl 0x1000000) is set'
              : 'no: Kerberos only',
          },
        ],
        why: protocolTransition
          ? 'With protocol transition, whoever controls this account can get tickets to the listed services as ' +
            'any user (admins not marked sensitive included) without that user ever signing in; the service ' +
            'part of an SPN can also be swapped, so a target host is exposed for every service on it.'
          : 'Whoever controls this account can reuse the tickets of users who connect to it to reach the ' +
            'listed services as those users; the service part of an SPN can be swapped, so the target hosts are ' +
            'exposed for every service on them.',
        mitigation:
          'Keep only the targets the service needs ' +
          `(Set-ADServiceAccount -Identity ${identity} -Remove @{'msDS-AllowedToDelegateTo'='<spn>'})` +
          (protocolTransition
            ? ` and drop protocol transition unless required: Set-ADAccountControl -Identity ${identity} -TrustedToAuthForDelegation $false.`
            : '.') +
          ' Mark admin accounts "sensitive and cannot be delegated".',
        remediation: { kind: 'remove-delegation-targets', targets: [...targets] },
      }),
    ];
  },
};
