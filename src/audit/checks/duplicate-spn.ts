import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { uniqueBy } from '../format';
import { makeFinding } from '../make-finding';

/** One finding per SPN another object also holds. */
export const duplicateSpnCheck: Check<'duplicate-spn'> = {
  id: 'duplicate-spn',
  severity: 'high',
  title: 'Duplicate SPN',
  run(facts) {
    const { account } = facts;
    const ownDn = account.distinguishedName.toLowerCase();
    return uniqueBy(facts.duplicateSpns, (c) => c.spn.toLowerCase()).flatMap((conflict) => {
      const others = conflict.holders.filter((h) => h.distinguishedName.toLowerCase() !== ownDn);
      if (others.length === 0) return [];
      const names = others.map((h) => h.name).join(', ');
      return [
        makeFinding(duplicateSpnCheck, facts, {
          detail: conflict.spn.toLowerCase(),
          title: `SPN ${conflict.spn} is also held by ${names}`,
          evidence: [
            { label: 'servicePrincipalName', value: conflict.spn },
            { label: 'Also held by', value: others.map((h) => h.distinguishedName).join('; ') },
          ],
          why:
            'The KDC cannot tell which account a ticket for this SPN is for: Kerberos to the service fails or ' +
            'falls back to NTLM, and tickets may be encrypted for the wrong account.',
          mitigation:
            'Keep the SPN only on the account that runs the service and remove it from the others ' +
            `(setspn -D ${conflict.spn} <other account>); setspn -X lists every duplicate. ` +
            `Here: setspn -L ${powershellQuote(account.samAccountName)}.`,
        }),
      ];
    });
  },
};
