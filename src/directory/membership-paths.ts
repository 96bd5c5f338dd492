import type { GroupMembership, GroupRef, PasswordReader, ResolvedPrincipal } from '../domain/audit-facts';

export interface GroupNode {
  group: GroupRef;
  /** DNs of the groups this group is a direct member of */
  memberOfDns: string[];
}

/**
 * Every group reachable from the account's direct groups, each once with its shortest path
 * (breadth-first; cycles in nested groups are harmless). `groups` holds the in-chain groups read from
 * the directory, keyed by lower-case DN; DNs not in it (outside the read scope) are skipped.
 */
export function membershipPaths(
  directGroupDns: readonly string[],
  groups: ReadonlyMap<string, GroupNode>,
): GroupMembership[] {
  const result: GroupMembership[] = [];
  const seen = new Set<string>();
  let frontier: Array<{ dn: string; via: GroupRef[] }> = directGroupDns.map((dn) => ({ dn, via: [] }));
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { dn, via } of frontier) {
      const key = dn.toLowerCase();
      const node = groups.get(key);
      if (node === undefined || seen.has(key)) continue;
      seen.add(key);
      result.push({ group: node.group, via });
      for (const parent of node.memberOfDns) next.push({ dn: parent, via: [...via, node.group] });
    }
    frontier = next;
  }
  return result;
}

/**
 * The principals allowed by msDS-GroupMSAMembership plus the members of allowed groups, transitively,
 * each once with the group names it came through (breadth-first, so the shortest path). `members`
 * maps an upper-case group SID to its direct members.
 */
export function expandPasswordReaders(
  trustees: readonly ResolvedPrincipal[],
  members: ReadonlyMap<string, readonly ResolvedPrincipal[]>,
): PasswordReader[] {
  const result: PasswordReader[] = [];
  const seen = new Set<string>();
  let frontier: PasswordReader[] = trustees.map((principal) => ({ principal, via: [] }));
  while (frontier.length > 0) {
    const next: PasswordReader[] = [];
    for (const reader of frontier) {
      const sid = reader.principal.sid.toUpperCase();
      if (seen.has(sid)) continue;
      seen.add(sid);
      result.push(reader);
      if (reader.principal.kind !== 'group') continue;
      const via = [...reader.via, reader.principal.name];
      for (const member of members.get(sid) ?? []) next.push({ principal: member, via });
    }
    frontier = next;
  }
  return result;
}
