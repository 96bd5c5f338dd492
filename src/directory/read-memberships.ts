import type { GroupMembership, PasswordReader, ResolvedPrincipal } from '../domain/audit-facts';
import { DomainRid, WellKnownSid, domainRidOf } from '../domain/well-known-sids';
import { expandPasswordReaders, membershipPaths } from './membership-paths';
import type { GroupNode } from './membership-paths';
import { dnKey } from '../domain/dn-key';
import type { PrincipalRecord } from './resolve-principals';
import { toResolvedPrincipal } from './resolve-principals';

/** Reads the groups named by DN or SID (one batch, any size); those that do not exist are left out. */
export type FetchGroups = (dns: string[], sids: string[]) => Promise<GroupNode[]>;

/**
 * The groups one audit reaches, read level by level upwards from the accounts' and principals'
 * direct groups: one batched read per nesting level, each group read once. Holds only the groups
 * reached, never the directory's whole group tree.
 */
export class GroupCache {
  private readonly byDn = new Map<string, GroupNode>();
  private readonly bySid = new Map<string, GroupNode>();
  /** refs looked up and not found (outside the base DN, another domain, deleted): not asked again */
  private readonly missing = new Set<string>();

  constructor(private readonly fetch: FetchGroups) {}

  /** Loads these groups and every group above them. */
  async load(dns: Iterable<string>, sids: Iterable<string>): Promise<void> {
    let wantDns = this.unknownDns(dns);
    let wantSids = this.unknownSids(sids);
    while (wantDns.length > 0 || wantSids.length > 0) {
      const found = await this.fetch(wantDns, wantSids);
      for (const node of found) this.add(node);
      for (const dn of wantDns) if (!this.byDn.has(dnKey(dn))) this.missing.add(`dn:${dnKey(dn)}`);
      for (const sid of wantSids)
        if (!this.bySid.has(sid.toUpperCase())) this.missing.add(`sid:${sid.toUpperCase()}`);
      wantDns = this.unknownDns(found.flatMap((node) => node.memberOfDns));
      wantSids = [];
    }
  }

  groupBySid(sid: string): GroupNode | undefined {
    return this.bySid.get(sid.toUpperCase());
  }

  /** Every group reachable from the direct groups (plus the primary group), each with its shortest path. */
  memberships(directDns: readonly string[], primaryGroupSid: string | null): GroupMembership[] {
    const direct = [...directDns];
    const primary = primaryGroupSid === null ? undefined : this.groupBySid(primaryGroupSid);
    if (primary !== undefined && !direct.some((dn) => dnKey(dn) === dnKey(primary.group.distinguishedName)))
      direct.push(primary.group.distinguishedName);
    return membershipPaths(direct, this.byDn);
  }

  /** SIDs of every group a principal is in, directly or nested (what tokenGroups would say). */
  groupSids(record: PrincipalRecord): string[] {
    const sids = this.memberships(record.memberOfDns, record.primaryGroupSid).map((m) => m.group.sid);
    // the primary group counts even when it could not be read
    if (record.primaryGroupSid !== null) sids.push(record.primaryGroupSid);
    return [...new Set(sids.map((sid) => sid.toUpperCase()))];
  }

  private add(node: GroupNode): void {
    // membershipPaths looks groups up by lower-case DN
    this.byDn.set(node.group.distinguishedName.toLowerCase(), node);
    this.bySid.set(node.group.sid.toUpperCase(), node);
  }

  private unknownDns(dns: Iterable<string>): string[] {
    const out = new Map<string, string>();
    for (const dn of dns) {
      const key = dnKey(dn);
      if (!this.byDn.has(key) && !this.missing.has(`dn:${key}`)) out.set(key, dn);
    }
    return [...out.values()];
  }

  private unknownSids(sids: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const sid of sids) {
      const key = sid.toUpperCase();
      if (!this.bySid.has(key) && !this.missing.has(`sid:${key}`)) out.add(key);
    }
    return [...out];
  }
}

/** Reads the direct members of any of these groups (one batch, any size). */
export type FetchMembers = (groupDns: string[]) => Promise<PrincipalRecord[]>;

/**
 * Groups that stand for (almost) everyone. The gMSA check flags them by SID on their own; listing
 * their members would read half the directory and add nothing, so they are not expanded.
 */
const broadGroupSids = new Set<string>([
  WellKnownSid.users,
  WellKnownSid.guests,
  WellKnownSid.preWindows2000CompatibleAccess,
]);
const broadGroupRids = new Set<number>([
  DomainRid.domainUsers,
  DomainRid.domainGuests,
  DomainRid.domainComputers,
]);

export function isBroadGroup(sid: string): boolean {
  const rid = domainRidOf(sid);
  return broadGroupSids.has(sid.toUpperCase()) || (rid !== null && broadGroupRids.has(rid));
}

/** Direct members of every group reached downwards from `groups`, keyed by upper-case group SID. */
export interface GroupMembers {
  members: Map<string, PrincipalRecord[]>;
  /** every member read, by upper-case SID */
  records: Map<string, PrincipalRecord>;
}

/**
 * Reads the members of the given groups and of the groups among those members, level by level:
 * one batched read per nesting level. Broad groups (Domain Users …) are not expanded.
 */
export async function readGroupMembers(
  groups: readonly PrincipalRecord[],
  fetch: FetchMembers,
): Promise<GroupMembers> {
  const members = new Map<string, PrincipalRecord[]>();
  const records = new Map<string, PrincipalRecord>();
  const expanded = new Set<string>();
  let frontier = groups.filter(
    (g) => g.kind === 'group' && g.distinguishedName !== null && !isBroadGroup(g.sid),
  );
  while (frontier.length > 0) {
    const byDn = new Map<string, PrincipalRecord>();
    for (const group of frontier) {
      expanded.add(group.sid.toUpperCase());
      byDn.set(dnKey(group.distinguishedName ?? ''), group);
    }
    const found = await fetch(frontier.map((g) => g.distinguishedName ?? ''));
    const next = new Map<string, PrincipalRecord>();
    for (const record of found) {
      const sid = record.sid.toUpperCase();
      records.set(sid, record);
      for (const dn of record.memberOfDns) {
        const group = byDn.get(dnKey(dn));
        if (group === undefined) continue;
        const list = members.get(group.sid.toUpperCase()) ?? [];
        if (!list.some((m) => m.sid.toUpperCase() === sid)) list.push(record);
        members.set(group.sid.toUpperCase(), list);
      }
      if (
        record.kind === 'group' &&
        !expanded.has(sid) &&
        !isBroadGroup(sid) &&
        record.distinguishedName !== null
      )
        next.set(sid, record);
    }
    frontier = [...next.values()];
  }
  return { members, records };
}

/**
 * gMSA password readers: the principals msDS-GroupMSAMembership allows, and the members of allowed
 * groups transitively, with the groups each came through.
 */
export function passwordReaders(
  trustees: readonly ResolvedPrincipal[],
  groupMembers: GroupMembers,
  resolve: (record: PrincipalRecord) => ResolvedPrincipal,
): PasswordReader[] {
  const members = new Map<string, ResolvedPrincipal[]>();
  for (const [sid, list] of groupMembers.members) members.set(sid, list.map(resolve));
  return expandPasswordReaders(trustees, members);
}

/** A record resolved with the groups the cache knows for it. */
export function resolveWith(cache: GroupCache): (record: PrincipalRecord) => ResolvedPrincipal {
  return (record) => toResolvedPrincipal(record, cache.groupSids(record));
}
