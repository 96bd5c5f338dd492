import type { MembershipFacts } from '../../domain/audit-facts';
import type { Finding } from '../../domain/finding';
import type { AuditContext, Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { membershipChain } from '../format';
import { makeFinding } from '../make-finding';
import { isPrivilegedGroup } from '../privileged-groups';

/**
 * One finding per privileged group the account reaches, counting only entry points: a group reached
 * through another privileged group (Administrators via Domain Admins) is covered by that group's finding.
 */
export const privilegedMembershipCheck: Check<'privileged-membership'> & {
  /** reads only the account and its memberships, so `audit privileged sMSAs` can read only those */
  run(facts: MembershipFacts, ctx: AuditContext): Finding[];
} = {
  id: 'privileged-membership',
  severity: 'critical',
  title: 'Member of a privileged group',
  run(facts, { config }) {
    const { account } = facts;
    return facts.memberships
      .filter((m) => isPrivilegedGroup(m.group, config) && !m.via.some((g) => isPrivilegedGroup(g, config)))
      .map((membership) => {
        const { group, via } = membership;
        const direct = via[0] ?? group;
        const nested = via.length > 0;
        const evidence = [
          { label: 'Path', value: membershipChain(account.samAccountName, membership) },
          { label: 'Privileged group', value: `${group.name} (${group.sid})` },
          { label: 'Membership', value: nested ? `nested, ${via.length + 1} levels` : 'direct' },
        ];
        if (account.adminCount !== null) {
          evidence.push({ label: 'adminCount', value: String(account.adminCount) });
        }
        return makeFinding(privilegedMembershipCheck, facts, {
          detail: group.sid.toUpperCase(),
          title: `${nested ? 'Nested member' : 'Member'} of ${group.name}`,
          evidence,
          why:
            `Whoever controls a server this account runs on (a local admin, or the service itself if it is ` +
            `compromised) holds the rights of ${group.name}, a tier-0 group: one server becomes the whole domain.`,
          mitigation:
            `Grant the service only the rights it needs and remove the account from ${direct.name}` +
            `${nested ? ` (through which it inherits ${group.name})` : ''}: ` +
            `Remove-ADGroupMember -Identity ${powershellQuote(direct.distinguishedName)} -Members ${powershellQuote(account.samAccountName)}`,
          remediation: {
            kind: 'remove-from-group',
            groupDn: direct.distinguishedName,
            groupName: direct.name,
          },
        });
      });
  },
};
