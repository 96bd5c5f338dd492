import type { PrincipalKind, ResolvedPrincipal } from '../domain/audit-facts';
import { domainSidOf, wellKnownSidName } from '../domain/well-known-sids';
import type { LdapEntry } from './ldap-entry';
import { sidToString } from './sid';

/** What a principal search reads: enough to name the principal and walk its groups. */
export const PRINCIPAL_ATTRIBUTES = [
  'objectClass',
  'objectSid',
  'sAMAccountName',
  'cn',
  'memberOf',
  'primaryGroupID',
];
export const PRINCIPAL_BINARY_ATTRIBUTES = ['objectSid'];

/** A principal as read, before its nested groups are known. */
export interface PrincipalRecord {
  sid: string;
  name: string;
  kind: PrincipalKind;
  distinguishedName: string | null;
  memberOfDns: string[];
  /** domain SID + primaryGroupID (Domain Users, Domain Computers …); null for groups and non-objects */
  primaryGroupSid: string | null;
}

/** Most specific class first: MSAs are computers, computers are users. */
export function principalKind(objectClasses: readonly string[]): PrincipalKind | null {
  const classes = new Set(objectClasses.map((c) => c.toLowerCase()));
  if (classes.has('msds-groupmanagedserviceaccount') || classes.has('msds-managedserviceaccount'))
    return 'service-account';
  if (classes.has('computer')) return 'computer';
  if (classes.has('group')) return 'group';
  if (classes.has('user')) return 'user';
  return null;
}

/**
 * Whether a SID can name an object in the domain partition: domain accounts (S-1-5-21-…) and the
 * built-in groups (S-1-5-32-…). Everyone, SELF, SYSTEM and the like are named locally instead.
 */
export function isDirectorySid(sid: string): boolean {
  return /^S-1-5-(21|32)-/i.test(sid);
}

/** A SID no object in the domain has: a well-known one by its name, anything else as unknown. */
export function principalWithoutObject(sid: string): PrincipalRecord {
  const name = wellKnownSidName(sid);
  return {
    sid,
    name: name ?? sid,
    kind: name === null ? 'unknown' : 'well-known',
    distinguishedName: null,
    memberOfDns: [],
    primaryGroupSid: null,
  };
}

/** A directory entry → principal; null when it has no SID. Foreign security principals stay unresolved. */
export function toPrincipalRecord(entry: LdapEntry): PrincipalRecord | null {
  const bytes = entry.buffer('objectSid');
  if (bytes === null) return null;
  const sid = sidToString(bytes);
  const kind = principalKind(entry.strings('objectClass'));
  // e.g. CN=S-1-5-11,CN=ForeignSecurityPrincipals: a stand-in for a principal of another domain
  if (kind === null) return { ...principalWithoutObject(sid), distinguishedName: entry.dn };
  const primaryGroupId = entry.integer('primaryGroupID');
  const domainSid = domainSidOf(sid);
  return {
    sid,
    name: entry.string('sAMAccountName') ?? entry.string('cn') ?? sid,
    kind,
    distinguishedName: entry.dn,
    memberOfDns: entry.strings('memberOf'),
    primaryGroupSid:
      kind === 'group' || primaryGroupId === null || domainSid === null
        ? null
        : `${domainSid}-${primaryGroupId}`,
  };
}

/** The record with its nested groups: the ResolvedPrincipal the checks read. */
export function toResolvedPrincipal(record: PrincipalRecord, groupSids: string[]): ResolvedPrincipal {
  return {
    sid: record.sid,
    name: record.name,
    kind: record.kind,
    distinguishedName: record.distinguishedName,
    groupSids: record.kind === 'well-known' || record.kind === 'unknown' ? [] : groupSids,
  };
}
