import type { PasswordReader } from '../../domain/audit-facts';
import type { Severity } from '../../domain/finding';
import { DomainRid, WellKnownSid, domainRidOf } from '../../domain/well-known-sids';
import type { AuditConfig } from '../../domain/audit-config';
import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { uniqueBy } from '../format';
import { makeFinding } from '../make-finding';
import { isPrivilegedPrincipal } from '../privileged-groups';

/** Groups that stand for "almost anyone": listing them lets any such principal read the password. */
const broadSids = new Set<string>([
  WellKnownSid.everyone,
  WellKnownSid.anonymous,
  WellKnownSid.network,
  WellKnownSid.authenticatedUsers,
  WellKnownSid.users,
  WellKnownSid.guests,
  WellKnownSid.preWindows2000CompatibleAccess,
]);
const broadRids = new Set<number>([DomainRid.domainUsers, DomainRid.domainGuests]);
/** readers by design: AD itself */
const systemSids = new Set<string>([WellKnownSid.localSystem, WellKnownSid.enterpriseDomainControllers]);

/**
 * The severity of a reader, or null when it is expected. Computers are the intended readers (the hosts
 * that run the service); admins can take the password anyway; ordinary groups are judged by their
 * expanded members, except the broad ones, which are a finding in themselves.
 */
function judge(reader: PasswordReader, config: AuditConfig): Severity | null {
  const { principal } = reader;
  const sid = principal.sid.toUpperCase();
  const rid = domainRidOf(sid);
  if (broadSids.has(sid) || (rid !== null && broadRids.has(rid))) return 'high';
  if (rid === DomainRid.domainComputers) return 'medium';
  if (systemSids.has(sid) || rid === DomainRid.domainControllers) return null;
  if (principal.kind === 'unknown') return 'low';
  if (principal.kind === 'computer' || principal.kind === 'group' || principal.kind === 'well-known')
    return null;
  return isPrivilegedPrincipal(principal, config) ? null : 'high';
}

export const gmsaPasswordReadersCheck: Check<'gmsa-password-readers'> = {
  id: 'gmsa-password-readers',
  severity: 'high',
  title: 'Unexpected gMSA password readers',
  run(facts, { config }) {
    const { account } = facts;
    if (account.kind !== 'gMSA' || facts.passwordReaders === null) return [];
    return uniqueBy(facts.passwordReaders, (r) => r.principal.sid.toUpperCase()).flatMap((reader) => {
      const severity = judge(reader, config);
      if (severity === null) return [];
      const { principal, via } = reader;
      return [
        makeFinding(gmsaPasswordReadersCheck, facts, {
          detail: principal.sid.toUpperCase(),
          severity,
          title:
            severity === 'medium'
              ? `Every computer in the domain (${principal.name}) can read the password`
              : `${principal.name} can read the password`,
          evidence: [
            { label: 'Reader', value: `${principal.name} (${principal.kind}, ${principal.sid})` },
            {
              label: 'Granted through',
              value:
                via.length > 0 ? [...via, principal.name].join(' → ') : 'named in msDS-GroupMSAMembership',
            },
          ],
          why:
            principal.kind === 'unknown'
              ? 'msDS-GroupMSAMembership names a SID that no longer resolves (deleted, or another domain): if it ' +
                'is a foreign principal it can read the password; if deleted, it is clutter to remove.'
              : "Whoever can read msDS-ManagedPassword gets the account's current password and can sign in as it " +
                'anywhere; only the servers that run the service should be able to.',
          mitigation:
            'Limit the readers to the hosts that run the service (their computer accounts or a group of them): ' +
            `Set-ADServiceAccount -Identity ${powershellQuote(account.samAccountName)} -PrincipalsAllowedToRetrieveManagedPassword <hosts group>` +
            (via.length > 0 ? `, or take ${principal.name} out of ${via[via.length - 1] ?? ''}.` : '.'),
        }),
      ];
    });
  },
};
