import type { GroupMembership } from '../domain/audit-facts';

const dayMs = 86_400_000;

/** Whole days from `from` to `to` (0 when `from` is in the future: clock skew is not a finding). */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / dayMs));
}

/** `2025-03-01` (UTC): dates in evidence are days, not instants. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `2025-03-01 (75 days ago)` */
export function dateAndAge(date: Date, now: Date): string {
  const days = daysBetween(date, now);
  return `${formatDate(date)} (${days === 1 ? '1 day' : `${days} days`} ago)`;
}

export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** A PowerShell single-quoted string literal. */
export function psQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
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
