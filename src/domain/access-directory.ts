import type { Role } from './role';

/** Which attribute of an AD user must equal the Teams user's userPrincipalName. */
export type MatchAttribute = 'userPrincipalName' | 'mail';

/** A role group as configured: a DN or a sAMAccountName. */
export interface RoleGroup {
  role: Role;
  group: string;
}

/** In-chain membership of one role group, as the directory evaluated it. */
export interface RoleGroupMembership {
  role: Role;
  /** as configured */
  group: string;
  /** null: no group with that DN or sAMAccountName exists */
  groupDn: string | null;
  /** the person is in the group directly or through nested groups */
  member: boolean;
}

/** An AD user found for a Teams user, with what access depends on. */
export interface DirectoryPerson {
  dn: string;
  accountName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  displayName: string | null;
  /** userAccountControl ACCOUNTDISABLE */
  disabled: boolean;
  /** locked out by bad passwords, as the directory computes it */
  lockedOut: boolean;
  memberships: RoleGroupMembership[];
}

/**
 * The directory side of access control. Membership is decided by the directory (in-chain matching
 * rule), never by walking groups here; the chain is only for showing a person why they have a role.
 */
export interface AccessDirectory {
  /** Every user whose `attribute` equals `value` (normally one), with their membership of each group. */
  findPeople(
    attribute: MatchAttribute,
    value: string,
    groups: readonly RoleGroup[],
  ): Promise<DirectoryPerson[]>;
  /** Group names from the person's direct group up to `groupDn` (inclusive); null when not a member. */
  membershipChain(personDn: string, groupDn: string): Promise<string[] | null>;
}
