import { SMSA_ROTATION_DAYS } from './password-rotation';
import { DomainRid, WellKnownSid } from './well-known-sids';

/** Thresholds and the privileged-group list the checks judge by. */
export interface AuditConfig {
  /** sMSA password age limit: the host changes it like its machine password (default 30 days) */
  maxPasswordAgeDays: number;
  /** slack before a late rotation is a finding: hosts change passwords on their own schedule, may be off */
  passwordGraceDays: number;
  /** no logon for longer than this = stale (lastLogonTimestamp replicates with up to 14 days' lag) */
  staleLogonDays: number;
  /** built-in domain-local groups, by SID (S-1-5-32-…) */
  privilegedBuiltinSids: string[];
  /** domain groups by RID, matched in any domain of the forest (Enterprise/Schema Admins live in the root) */
  privilegedDomainRids: number[];
  /**
   * More privileged groups, each a SID or a group name (case-insensitive). DnsAdmins has no fixed RID,
   * so it can only be named. Names match groups in memberships and named trustees; a trustee's nested
   * groups are known by SID only, so resolve names to SIDs here when you have them.
   */
  extraPrivilegedGroups: string[];
}

export const defaultAuditConfig: AuditConfig = {
  maxPasswordAgeDays: SMSA_ROTATION_DAYS,
  passwordGraceDays: 5,
  staleLogonDays: 90,
  privilegedBuiltinSids: [
    WellKnownSid.administrators,
    WellKnownSid.accountOperators,
    WellKnownSid.serverOperators,
    WellKnownSid.printOperators,
    WellKnownSid.backupOperators,
  ],
  privilegedDomainRids: [
    DomainRid.domainAdmins,
    DomainRid.schemaAdmins,
    DomainRid.enterpriseAdmins,
    DomainRid.groupPolicyCreatorOwners,
    DomainRid.keyAdmins,
    DomainRid.enterpriseKeyAdmins,
  ],
  extraPrivilegedGroups: ['DnsAdmins'],
};
