import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { uniqueBy } from '../format';
import { makeFinding } from '../make-finding';

/** One finding per principal allowed by msDS-AllowedToActOnBehalfOfOtherIdentity. */
export const resourceBasedDelegationCheck: Check<'resource-based-delegation'> = {
  id: 'resource-based-delegation',
  severity: 'high',
  title: 'Resource-based constrained delegation',
  run(facts) {
    const { account } = facts;
    const all = facts.rbcdPrincipals.map((p) => p.name).join(', ');
    return uniqueBy(facts.rbcdPrincipals, (p) => p.sid.toUpperCase()).map((principal) =>
      makeFinding(resourceBasedDelegationCheck, facts, {
        detail: principal.sid.toUpperCase(),
        title: `${principal.name} may act on behalf of any user to this account`,
        evidence: [
          { label: 'Allowed principal', value: `${principal.name} (${principal.kind}, ${principal.sid})` },
          { label: 'msDS-AllowedToActOnBehalfOfOtherIdentity', value: all },
        ],
        why:
          `Whoever controls ${principal.name} can get tickets to this account's services on behalf of any user ` +
          '(S4U2Proxy), admins not marked sensitive included. Attackers add exactly this to take over a ' +
          'service when they can write the attribute.',
        mitigation:
          'If nobody set this on purpose for a front-end → back-end hop, clear it: ' +
          `Set-ADServiceAccount -Identity ${powershellQuote(account.samAccountName)} -PrincipalsAllowedToDelegateToAccount $null`,
        remediation: { kind: 'clear-rbcd' },
      }),
    );
  },
};
