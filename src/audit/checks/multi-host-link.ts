import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/** An sMSA belongs to one server; gMSAs are the multi-server kind. */
export const multiHostLinkCheck: Check<'multi-host-link'> = {
  id: 'multi-host-link',
  severity: 'medium',
  title: 'sMSA linked to several hosts',
  run(facts) {
    const { account } = facts;
    if (account.kind !== 'sMSA' || account.hostComputerDns.length < 2) return [];
    const names = new Map(facts.hosts.map((h) => [h.distinguishedName.toLowerCase(), h.name]));
    const hosts = account.hostComputerDns.map((dn) => names.get(dn.toLowerCase()) ?? dn);
    return [
      makeFinding(multiHostLinkCheck, facts, {
        detail: 'multi-host',
        title: `Linked to ${hosts.length} computers`,
        evidence: [{ label: 'msDS-HostServiceAccountBL', value: hosts.join(', ') }],
        why:
          'A standalone MSA serves one server: on several, each host changes the password in turn and the ' +
          'service breaks on the others, or one identity is being shared across servers.',
        mitigation:
          'Use a gMSA for a service that runs on several servers (New-ADServiceAccount <name> -DNSHostName … ' +
          '-PrincipalsAllowedToRetrieveManagedPassword <hosts group>) and unlink the extra hosts ' +
          `(Remove-ADComputerServiceAccount -Identity <host> -ServiceAccount ${powershellQuote(account.samAccountName)}).`,
      }),
    ];
  },
};
