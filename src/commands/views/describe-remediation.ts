import type { RemediationProposal } from '../../domain/finding';
import { powershellQuote } from '../../domain/powershell-quote';

/** The change a remediation would make, in an admin's words, e.g. "Remove svc_web01$ from Tier0 Service Ops". */
export function describeRemediation(proposal: RemediationProposal, account: string): string {
  switch (proposal.kind) {
    case 'remove-from-group':
      return `Remove ${account} from the group ${proposal.groupName}`;
    case 'clear-unconstrained-delegation':
      return `Clear unconstrained delegation ("trusted for delegation") on ${account}`;
    case 'remove-delegation-targets': {
      const n = proposal.targets.length;
      return `Remove ${n === 1 ? 'the delegation target' : `${n} delegation targets`} from ${account}`;
    }
    case 'clear-rbcd':
      return `Clear resource-based delegation (who may act on behalf of others to ${account})`;
    case 'disable-account':
      return `Disable ${account}`;
    case 'set-aes-only':
      return `Set the Kerberos encryption types of ${account} to AES only`;
  }
}

/** The same change in PowerShell (ActiveDirectory module), every value quoted. */
export function remediationPowerShell(proposal: RemediationProposal, account: string): string {
  const identity = powershellQuote(account);
  switch (proposal.kind) {
    case 'remove-from-group':
      return `Remove-ADGroupMember -Identity ${powershellQuote(proposal.groupDn)} -Members ${identity}`;
    case 'clear-unconstrained-delegation':
      return `Set-ADAccountControl -Identity ${identity} -TrustedForDelegation $false`;
    case 'remove-delegation-targets':
      return `Set-ADServiceAccount -Identity ${identity} -Remove @{'msDS-AllowedToDelegateTo'=@(${proposal.targets.map(powershellQuote).join(',')})}`;
    case 'clear-rbcd':
      return `Set-ADServiceAccount -Identity ${identity} -PrincipalsAllowedToDelegateToAccount $null`;
    case 'disable-account':
      return `Disable-ADAccount -Identity ${identity}`;
    case 'set-aes-only':
      return `Set-ADServiceAccount -Identity ${identity} -KerberosEncryptionType AES128,AES256`;
  }
}
