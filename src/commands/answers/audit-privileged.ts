import type { AuditConfig } from '../../domain/audit-config';
import { checksById } from '../../audit/checks';
import type { CardAnswer, PagedCardData } from '../../cards/card-answer';
import { dnKey } from '../../domain/dn-key';
import type { Finding } from '../../domain/finding';
import { wellKnownSidName } from '../../domain/well-known-sids';
import type { AnswerDeps } from '../answer-deps';
import { auditPrivilegedPowerShell } from '../views/audit-powershell';
import { type AuditMoreData, auditMoreData } from '../views/audit-scope';
import { plural } from '../views/plural';
import { clipText } from '../views/clip-text';
import { type FixRequestData, fixRequestData } from '../views/finding-view';
import { pageNote } from '../views/page-note';
import { runAudit } from '../../audit/run-audit';

/** Privileged memberships per card at most. */
export const PRIVILEGED_PAGE_SIZE = 15;

export interface PrivilegedRowView {
  account: string;
  /** e.g. "sMSA · nested member of Administrators" */
  summary: string;
  /** `svc_web01$ → Tier0 Service Ops → Administrators` */
  chain: string;
  details: string[];
  hasFix: boolean;
  fix: FixRequestData | Record<string, never>;
}

export interface PrivilegedCardView {
  title: string;
  subtitle: string;
  emptyMessage: string;
  rows: PrivilegedRowView[];
  checked: string;
  pageNote: string;
  hasMore: boolean;
  moreData: AuditMoreData;
  powershell: string;
}

/** The protected groups of the configuration in words, e.g. "Administrators (S-1-5-32-544)". */
export function protectedGroupNames(config: AuditConfig): string[] {
  const builtin = config.privilegedBuiltinSids.map((sid) => `${wellKnownSidName(sid) ?? sid} (${sid})`);
  const domain = config.privilegedDomainRids.map((rid) => {
    const name = wellKnownSidName(`S-1-5-21-0-0-0-${rid}`);
    return name === null ? `the group with RID ${rid}` : `${name} (RID ${rid})`;
  });
  const extra = config.extraPrivilegedGroups.map((group) => `${group} (by name)`);
  return [...builtin, ...domain, ...extra];
}

function evidence(finding: Finding, label: string): string | undefined {
  return finding.evidence.find((e) => e.label === label)?.value;
}

export function privilegedRow(finding: Finding): PrivilegedRowView {
  const membership = evidence(finding, 'Membership') ?? '';
  const details = [
    `Privileged group: ${evidence(finding, 'Privileged group') ?? finding.detail}`,
    `Membership: ${membership}`,
  ];
  const adminCount = evidence(finding, 'adminCount');
  if (adminCount !== undefined) details.push(`adminCount: ${adminCount}`);
  const fix = fixRequestData(finding);
  return {
    account: clipText(finding.account.name, 64),
    summary: `${finding.account.kind} · ${clipText(finding.title, 150)}`,
    chain: clipText(evidence(finding, 'Path') ?? finding.title, 400),
    details: details.map((d) => clipText(d, 300)),
    hasFix: fix !== null,
    fix: fix ?? {},
  };
}

/** e.g. "Privileged managed service accounts: 2 accounts, 3 privileged memberships". */
function privilegedTitle(findings: readonly Finding[]): string {
  const accounts = new Set(findings.map((f) => dnKey(f.account.distinguishedName))).size;
  return findings.length === 0
    ? 'Privileged managed service accounts: none'
    : `Privileged managed service accounts: ${plural(accounts, 'account')}, ${plural(findings.length, 'privileged membership')}`;
}

/** One page of the privileged-membership findings from `offset`. */
export function privilegedPage(
  findings: readonly Finding[],
  accountsChecked: number,
  config: AuditConfig,
  offset: number,
): PagedCardData {
  const total = findings.length;
  const start = Math.min(Math.max(0, offset), total);
  const viewFor = (count: number): PrivilegedCardView => {
    const end = start + count;
    return {
      title: privilegedTitle(findings),
      subtitle: `${plural(accountsChecked, 'managed service account')} checked for membership, direct or nested, in a protected group`,
      emptyMessage: total === 0 ? 'No managed service account is in a privileged group.' : '',
      rows: findings.slice(start, end).map(privilegedRow),
      checked: `Protected groups, matched by SID (names are localised and renamable): ${protectedGroupNames(config).join(', ')}.`,
      pageNote: pageNote(total, start, count),
      hasMore: end < total,
      moreData: auditMoreData({ scope: 'privileged' }, end),
      powershell: auditPrivilegedPowerShell(config),
    };
  };
  return {
    template: 'audit-privileged',
    available: total - start,
    maxItems: PRIVILEGED_PAGE_SIZE,
    page: viewFor,
  };
}

/** "audit privileged sMSAs": every MSA in a protected group, direct or nested, with the chain. */
export async function answerAuditPrivileged(offset: number, deps: AnswerDeps): Promise<CardAnswer> {
  const facts = await deps.auditSource.readAccountFacts({ kind: 'all' });
  const findings = runAudit(facts, { now: deps.now, config: deps.auditConfig }, [
    checksById['privileged-membership'],
  ]);
  const page = privilegedPage(findings, facts.length, deps.auditConfig, offset);
  return { cards: [page], summary: privilegedTitle(findings) };
}
