import type { GroupMembership } from '../domain/audit-facts';

export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** `svc_web01$ → Tier0 Service Ops → Administrators` */
export function membershipChain(samAccountName: string, membership: GroupMembership): string {
  return [samAccountName, ...membership.via.map((g) => g.name), membership.group.name].join(' → ');
}

/** First item per key, in order. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
