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

/** An object read by DN; for a group, the DNs of its direct members (every value, ranges followed). */
export interface MemberRead {
  record: PrincipalRecord;
  memberDns: string[];
}

/**
 * Reads these objects by DN (one batch, any size), each group with its `member` values; DNs that do
 * not exist are left out. By DN, because `(memberOf=<group>)` is not indexed on Samba: one such search
 * scans the whole domain.
 */
export type FetchByDn = (dns: string[]) => Promise<MemberRead[]>;

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

const expandable = (g: PrincipalRecord): boolean =>
  g.kind === 'group' && g.distinguishedName !== null && !isBroadGroup(g.sid);

/**
 * Reads the members of the given groups and of the groups among those members, level by level, by
 * DN: one batched read of the groups' `member` values, then one batched read per nesting level of the
 * members (groups among them come with their own `member` values). Broad groups (Domain Users …) are
 * not expanded; each group is expanded once, each object read once.
 */
export async function readGroupMembers(
  groups: readonly PrincipalRecord[],
  fetch: FetchByDn,
): Promise<GroupMembers> {
  const members = new Map<string, PrincipalRecord[]>();
  const records = new Map<string, PrincipalRecord>();
  /** every object read or asked for, by DN key: null when it does not exist */
  const byDn = new Map<string, MemberRead | null>();
  const read = async (dns: readonly string[]): Promise<void> => {
    const wanted = new Map<string, string>();
    for (const dn of dns) if (!byDn.has(dnKey(dn))) wanted.set(dnKey(dn), dn);
    if (wanted.size === 0) return;
    for (const found of await fetch([...wanted.values()]))
      if (found.record.distinguishedName !== null) byDn.set(dnKey(found.record.distinguishedName), found);
    for (const key of wanted.keys()) if (!byDn.has(key)) byDn.set(key, null);
  };

  const expanded = new Set<string>();
  let frontier = groups.filter(expandable);
  await read(frontier.map((g) => g.distinguishedName ?? ''));
  while (frontier.length > 0) {
    const memberDns = new Map<string, string[]>();
    for (const group of frontier) {
      expanded.add(group.sid.toUpperCase());
      memberDns.set(group.sid.toUpperCase(), byDn.get(dnKey(group.distinguishedName ?? ''))?.memberDns ?? []);
    }
    await read([...memberDns.values()].flat());
    const next = new Map<string, PrincipalRecord>();
    for (const [groupSid, dns] of memberDns) {
      const list: PrincipalRecord[] = [];
      const seen = new Set<string>();
      for (const dn of dns) {
        const record = byDn.get(dnKey(dn))?.record;
        if (record === undefined) continue;
        const sid = record.sid.toUpperCase();
        records.set(sid, record);
        if (!seen.has(sid)) list.push(record);
        seen.add(sid);
        if (expandable(record) && !expanded.has(sid)) next.set(sid, record);
      }
      if (list.length > 0) members.set(groupSid, list);
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
