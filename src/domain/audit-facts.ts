import type { Computer } from './computer';
import type { ServiceAccount } from './service-account';

/**
 * What the audit checks read about one managed service account, already resolved by the directory
 * layer (names, nested groups, descriptor trustees). Plain data so fixtures can be JSON; the checks
 * do every judgement (what is privileged, what is dangerous) from these facts and the AuditConfig.
 */
export interface AccountFacts {
  account: ServiceAccount;
  /** the computers named in account.hostComputerDns that exist; a DN without a Computer here = host missing */
  hosts: Computer[];
  /** every group the account is in, directly or nested, each once with its shortest path */
  memberships: GroupMembership[];
  /** owner of nTSecurityDescriptor; null when not read */
  owner: ResolvedPrincipal | null;
  /** DACL of nTSecurityDescriptor, access-allowed/denied ACEs only, in ACL order; [] when not read */
  aclEntries: AclEntry[];
  /** principals allowed by msDS-AllowedToActOnBehalfOfOtherIdentity (RBCD); [] when the attribute is unset */
  rbcdPrincipals: ResolvedPrincipal[];
  /**
   * gMSA: principals allowed by msDS-GroupMSAMembership, plus the members of allowed groups expanded
   * transitively (each with the groups it came through). null for sMSAs or when not read.
   */
  passwordReaders: PasswordReader[] | null;
  /** SPNs of this account that another object also holds (case-insensitive); [] when all are unique */
  duplicateSpns: SpnConflict[];
}

/**
 * What the privileged-membership check reads: the account and its groups, nothing else. Read on its
 * own (`audit privileged sMSAs`) it skips the descriptors, hosts and SPNs a full audit needs.
 */
export type MembershipFacts = Pick<AccountFacts, 'account' | 'memberships'>;

export interface GroupRef {
  distinguishedName: string;
  name: string;
  sid: string;
}

export interface GroupMembership {
  group: GroupRef;
  /**
   * The groups between the account and `group`, starting with the one the account is directly in;
   * [] when the account is a direct member. svc → Tier0 Ops → Administrators: via = [Tier0 Ops].
   */
  via: GroupRef[];
}

export type PrincipalKind = 'user' | 'computer' | 'group' | 'service-account' | 'well-known' | 'unknown';

/** A SID from a descriptor, resolved to what it names. */
export interface ResolvedPrincipal {
  sid: string;
  /** sAMAccountName / cn, or the well-known name; the SID itself when unresolvable */
  name: string;
  /** 'unknown' = no object has this SID (deleted account, foreign domain) */
  kind: PrincipalKind;
  distinguishedName: string | null;
  /** SIDs of every group the principal is in, directly or nested (tokenGroups); [] for well-known/unknown */
  groupSids: string[];
}

/** One access-allowed or access-denied ACE of a DACL, with its trustee resolved. */
export interface AclEntry {
  allow: boolean;
  /** access mask ([MS-DTYP] §2.4.3; AD rights such as WriteProperty 0x20, WriteDacl 0x40000) */
  mask: number;
  /** object-ACE ObjectType GUID (attribute, property set or extended right); null = applies to all */
  objectType: string | null;
  /** INHERITED_ACE: the ACE comes from a parent container */
  inherited: boolean;
  /** INHERIT_ONLY_ACE: the ACE is only passed on to children and does not apply to this object */
  inheritOnly: boolean;
  trustee: ResolvedPrincipal;
}

export interface PasswordReader {
  principal: ResolvedPrincipal;
  /** group names from the ACE's trustee down to the principal's parent; [] when the ACE names it */
  via: string[];
}

export interface SpnConflict {
  spn: string;
  /** the other objects holding it */
  holders: Array<{ name: string; distinguishedName: string }>;
}
