import type { Computer } from '../../domain/computer';
import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/**
 * One finding per linked computer that is disabled or cannot be found. Proposes disabling the account
 * only when every linked host is dead: with one live host left the account is still in use.
 */
export const hostMissingOrDisabledCheck: Check<'host-missing-or-disabled'> = {
  id: 'host-missing-or-disabled',
  severity: 'medium',
  title: 'Linked host missing or disabled',
  run(facts) {
    const { account } = facts;
    if (!account.enabled) return [];
    const hostsByDn = new Map(facts.hosts.map((h) => [h.distinguishedName.toLowerCase(), h]));
    const dead = account.hostComputerDns.flatMap((dn): Array<{ dn: string; host: Computer | null }> => {
      const host = hostsByDn.get(dn.toLowerCase());
      if (host === undefined) return [{ dn, host: null }];
      return host.enabled ? [] : [{ dn, host }];
    });
    const allDead = dead.length === account.hostComputerDns.length;
    return dead.map(({ dn, host }) => {
      const hostName = host?.name ?? dn;
      return makeFinding(hostMissingOrDisabledCheck, facts, {
        detail: host === null ? `missing:${dn.toLowerCase()}` : `disabled:${host.sid.toUpperCase()}`,
        title: host === null ? `Linked host ${dn} not found` : `Linked host ${host.name} is disabled`,
        evidence: [
          { label: 'Linked host', value: host === null ? `${dn}: no such computer` : `${host.name} (${dn})` },
          ...(host === null ? [] : [{ label: 'Host state', value: 'disabled (userAccountControl 0x2)' }]),
          { label: 'Hosts linked', value: String(account.hostComputerDns.length) },
        ],
        why:
          'The account is tied to a server that is retired or gone: nothing should be running as it there, ' +
          'but the account keeps its rights and its password stops being managed.',
        mitigation:
          `Unlink it (Remove-ADComputerServiceAccount -Identity ${powershellQuote(hostName)} -ServiceAccount ` +
          `${powershellQuote(account.samAccountName)}); if no live server uses it, disable then remove the account.`,
        remediation: allDead ? { kind: 'disable-account' } : null,
      });
    });
  },
};
