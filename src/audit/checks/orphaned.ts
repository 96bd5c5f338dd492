import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/**
 * An enabled sMSA linked to no computer, or a gMSA no principal may retrieve the password of:
 * no service can run as it, yet it keeps its rights. Disabled ones are the `disabled` check's.
 */
export const orphanedCheck: Check<'orphaned'> = {
  id: 'orphaned',
  severity: 'medium',
  title: 'Installed nowhere',
  run(facts) {
    const { account } = facts;
    if (!account.enabled) return [];
    const identity = powershellQuote(account.samAccountName);
    if (account.kind === 'sMSA' && account.hostComputerDns.length === 0) {
      return [
        makeFinding(orphanedCheck, facts, {
          detail: 'no-host',
          title: 'Linked to no computer',
          evidence: [{ label: 'msDS-HostServiceAccountBL', value: 'empty: no computer lists this account' }],
          why:
            'No computer is linked to this sMSA, so no service should be running as it, yet it keeps its group ' +
            'memberships, delegation and ACL rights: an unused identity waiting to be misused.',
          mitigation:
            'Link it to its server (Add-ADComputerServiceAccount -Identity <host> -ServiceAccount ' +
            `${identity}; Install-ADServiceAccount ${identity}) or, if nothing uses it, disable then remove it ` +
            `(Remove-ADServiceAccount ${identity}).`,
          remediation: { kind: 'disable-account' },
        }),
      ];
    }
    if (account.kind === 'gMSA' && facts.passwordReaders !== null && facts.passwordReaders.length === 0) {
      return [
        makeFinding(orphanedCheck, facts, {
          detail: 'no-password-readers',
          title: 'No host may retrieve its password',
          evidence: [{ label: 'msDS-GroupMSAMembership', value: 'allows nobody' }],
          why:
            "No computer may retrieve this gMSA's password, so no service can run as it, yet it keeps its " +
            'group memberships, delegation and ACL rights.',
          mitigation:
            `Allow its servers (Set-ADServiceAccount ${identity} -PrincipalsAllowedToRetrieveManagedPassword ` +
            `<hosts group>) or, if nothing uses it, disable then remove it (Remove-ADServiceAccount ${identity}).`,
          remediation: { kind: 'disable-account' },
        }),
      ];
    }
    return [];
  },
};
