import type { ResolvedPrincipal } from '../domain/audit-facts';
import type { ServiceAccount } from '../domain/service-account';
import { DomainRid, WellKnownSid, domainRidOf } from '../domain/well-known-sids';
import type { AuditConfig } from '../domain/audit-config';

/**
 * Whether a SID is one of the privileged groups of the config. Domain RIDs match in any domain:
 * S-1-5-21-<any domain>-512 is that domain's Domain Admins, and Enterprise/Schema Admins carry the
 * forest root's SID, so restricting to "our" domain SID would miss them.
 */
export function isPrivilegedSid(sid: string, config: AuditConfig): boolean {
  const upper = sid.toUpperCase();
  if (config.privilegedBuiltinSids.some((s) => s.toUpperCase() === upper)) return true;
  const rid = domainRidOf(sid);
  if (rid !== null && config.privilegedDomainRids.includes(rid)) return true;
  return config.extraPrivilegedGroups.some((s) => s.toUpperCase() === upper);
}

/** A group by SID, or by name for the configured extras (DnsAdmins). */
export function isPrivilegedGroup(group: { sid: string; name: string }, config: AuditConfig): boolean {
  if (isPrivilegedSid(group.sid, config)) return true;
  const name = group.name.toLowerCase();
  return config.extraPrivilegedGroups.some((extra) => extra.toLowerCase() === name);
}

/**
 * A principal that already holds tier-0 rights: a privileged group, the built-in Administrator, or a
 * member (nested) of a privileged group. Granting it rights on an MSA adds no exposure.
 */
export function isPrivilegedPrincipal(principal: ResolvedPrincipal, config: AuditConfig): boolean {
  if (
    principal.kind === 'group' ? isPrivilegedGroup(principal, config) : isPrivilegedSid(principal.sid, config)
  ) {
    return true;
  }
  if (domainRidOf(principal.sid) === DomainRid.administrator) return true;
  return principal.groupSids.some((sid) => isPrivilegedSid(sid, config));
}

/**
 * Trustees that appear in default AD ACLs and are not a risk on a service account:
 * SYSTEM and the DCs run AD itself; SELF (and the account's own SID) is the account acting on itself;
 * CREATOR OWNER / OWNER RIGHTS are placeholders replaced or restricted at creation.
 * Everything privileged (Administrators, Domain/Enterprise Admins, Account Operators, Key Admins…)
 * is expected too: those can take over any account anyway.
 */
const expectedTrusteeSids = new Set<string>([
  WellKnownSid.localSystem,
  WellKnownSid.principalSelf,
  WellKnownSid.creatorOwner,
  WellKnownSid.ownerRights,
  WellKnownSid.enterpriseDomainControllers,
]);

export function isExpectedTrustee(
  principal: ResolvedPrincipal,
  account: ServiceAccount,
  config: AuditConfig,
): boolean {
  const upper = principal.sid.toUpperCase();
  if (expectedTrusteeSids.has(upper) || upper === account.sid.toUpperCase()) return true;
  if (domainRidOf(principal.sid) === DomainRid.domainControllers) return true;
  return isPrivilegedPrincipal(principal, config);
}
