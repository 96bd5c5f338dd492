import type { AccountFacts, MembershipFacts } from '../domain/audit-facts';
import { checkIds, severities, severityRank, type Finding, type Severity } from '../domain/finding';
import type { AuditContext, Check } from './check';
import { allChecks } from './checks';
import { privilegedMembershipCheck } from './checks/privileged-membership';

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const checkRank = new Map(checkIds.map((id, i) => [id, i]));

/** Worst first, then account name (svc2 before svc10), then catalogue order, then detail. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    byName.compare(a.account.name, b.account.name) ||
    a.account.distinguishedName.localeCompare(b.account.distinguishedName) ||
    (checkRank.get(a.checkId) ?? 0) - (checkRank.get(b.checkId) ?? 0) ||
    a.detail.localeCompare(b.detail)
  );
}

/** Every check (or the given ones, e.g. only privileged-membership) over every account, sorted. */
export function runAudit(
  facts: readonly AccountFacts[],
  ctx: AuditContext,
  checks: readonly Check[] = allChecks,
): Finding[] {
  const findings: Finding[] = [];
  for (const account of facts) for (const check of checks) findings.push(...check.run(account, ctx));
  return findings.sort(compareFindings);
}

/** Only the privileged-membership check, over membership facts (no descriptors, hosts or SPNs needed), sorted. */
export function runPrivilegedAudit(facts: readonly MembershipFacts[], ctx: AuditContext): Finding[] {
  const findings: Finding[] = [];
  for (const account of facts) findings.push(...privilegedMembershipCheck.run(account, ctx));
  return findings.sort(compareFindings);
}

/** Counts per severity, every severity present (0 when none). */
export function summariseBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Non-empty severity groups, worst first, each in the input's order. */
export function groupBySeverity(
  findings: readonly Finding[],
): Array<{ severity: Severity; findings: Finding[] }> {
  return severities
    .map((severity) => ({ severity, findings: findings.filter((f) => f.severity === severity) }))
    .filter((group) => group.findings.length > 0);
}
