import { allChecks } from '../../audit/checks';
import { summariseBySeverity } from '../../audit/run-audit';
import type { CardAnswer, PagedCardData } from '../../cards/card-answer';
import { dnKey } from '../../domain/dn-key';
import {
  type CheckId,
  type Finding,
  type FindingAccount,
  type Severity,
  severityRank,
} from '../../domain/finding';
import {
  type AuditReport,
  type SeverityCountView,
  accountCount,
  checkPage,
  countViews,
  severityCountsText,
} from './audit-page';
import { type AuditMoreData, type AuditPageRequest, auditMoreData } from './audit-scope';
import { clipText } from './clip-text';
import { SEVERITY_COLORS, SEVERITY_WORDS } from './finding-view';
import { plural } from './plural';

/** Accounts named on the summary at most: the worst ones. */
export const WORST_ACCOUNTS = 10;

export interface WorstAccountView {
  account: string;
  /** e.g. "sMSA · 1 critical, 2 medium, 2 info" */
  findings: string;
  worst: string;
  color: string;
  /** the `show` button's data: the account's card, with its findings and "Request fix" buttons */
  show: { account: string };
}

export interface CheckRowView {
  checkId: string;
  title: string;
  /** the worst severity among the check's findings */
  severity: string;
  color: string;
  /** e.g. "12 findings on 12 accounts" */
  count: string;
  /** the "Show findings" button's data: this check's findings of this run, paged */
  open: AuditMoreData;
}

export interface AuditSummaryView {
  title: string;
  subtitle: string;
  notice: string;
  counts: SeverityCountView[];
  emptyMessage: string;
  worstHeading: string;
  worst: WorstAccountView[];
  checksHeading: string;
  checks: CheckRowView[];
  /** e.g. "No findings from 9 checks: orphaned, stale, …" */
  cleanChecks: string;
  powershell: string;
}

interface AccountTally {
  account: FindingAccount;
  counts: Record<Severity, number>;
  total: number;
  worst: Severity;
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** "1 critical, 2 medium": the non-zero severities, worst first. */
function countsInWords(counts: Readonly<Record<Severity, number>>): string {
  return (Object.keys(severityRank) as Severity[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/** Accounts by their worst finding, then by how many findings they have, then by name. */
export function worstAccounts(findings: readonly Finding[], max = WORST_ACCOUNTS): AccountTally[] {
  const tallies = new Map<string, AccountTally>();
  for (const finding of findings) {
    const key = dnKey(finding.account.distinguishedName);
    let tally = tallies.get(key);
    if (tally === undefined) {
      tally = {
        account: finding.account,
        counts: summariseBySeverity([]),
        total: 0,
        worst: finding.severity,
      };
      tallies.set(key, tally);
    }
    tally.counts[finding.severity] += 1;
    tally.total += 1;
    if (severityRank[finding.severity] < severityRank[tally.worst]) tally.worst = finding.severity;
  }
  return [...tallies.values()]
    .sort(
      (a, b) =>
        severityRank[a.worst] - severityRank[b.worst] ||
        b.total - a.total ||
        byName.compare(a.account.name, b.account.name),
    )
    .slice(0, max);
}

function checkRows(report: AuditReport): { rows: CheckRowView[]; clean: CheckId[] } {
  const byCheck = new Map<CheckId, Finding[]>();
  for (const finding of report.findings) {
    const list = byCheck.get(finding.checkId) ?? [];
    list.push(finding);
    byCheck.set(finding.checkId, list);
  }
  const rows = allChecks
    .flatMap((check) => {
      const findings = byCheck.get(check.id);
      if (findings === undefined) return [];
      // runAudit sorts worst first, so the first finding carries the check's worst severity
      const worst = findings[0]?.severity ?? check.severity;
      const accounts = new Set(findings.map((f) => dnKey(f.account.distinguishedName))).size;
      return [{ check, worst, findings: findings.length, accounts }];
    })
    .sort((a, b) => severityRank[a.worst] - severityRank[b.worst] || b.findings - a.findings);
  return {
    rows: rows.map(({ check, worst, findings, accounts }) => ({
      checkId: check.id,
      title: check.title,
      severity: SEVERITY_WORDS[worst],
      color: SEVERITY_COLORS[worst],
      count: `${plural(findings, 'finding')} on ${plural(accounts, 'account')}`,
      open: auditMoreData(report.scope, 0, { run: report.run, check: check.id }),
    })),
    clean: allChecks.filter((check) => !byCheck.has(check.id)).map((check) => check.id),
  };
}

/**
 * An audit as a person reads it first: counts per severity, the worst accounts (the first
 * `shownAccounts` of them), and per check how many findings, with a button that opens that check's
 * findings. The card's size does not grow with the directory: at most ten accounts and one row per
 * check of the catalogue.
 */
export function auditSummaryView(report: AuditReport, shownAccounts = WORST_ACCOUNTS): AuditSummaryView {
  const counts = summariseBySeverity(report.findings);
  const worst = worstAccounts(report.findings, shownAccounts);
  const accountsWithFindings = accountCount(report.findings);
  const { rows, clean } = checkRows(report);
  return {
    title: report.title,
    subtitle: report.subtitle,
    notice: report.notice ?? '',
    counts: countViews(counts),
    emptyMessage: report.findings.length === 0 ? report.emptyMessage : '',
    worstHeading:
      worst.length === 0
        ? ''
        : accountsWithFindings > worst.length
          ? `The ${worst.length} worst of ${plural(accountsWithFindings, 'account')} with findings`
          : `${plural(accountsWithFindings, 'account')} with findings`,
    worst: worst.map((tally) => ({
      account: clipText(tally.account.name, 64),
      findings: `${tally.account.kind} · ${countsInWords(tally.counts)}`,
      worst: SEVERITY_WORDS[tally.worst],
      color: SEVERITY_COLORS[tally.worst],
      show: { account: tally.account.samAccountName },
    })),
    checksHeading:
      rows.length === 0 ? '' : `Findings per check (${rows.length} of ${allChecks.length} checks)`,
    checks: rows,
    cleanChecks:
      clean.length === 0 || rows.length === 0
        ? ''
        : `No findings from ${plural(clean.length, 'check')}: ${clean.join(', ')}.`,
    powershell: report.powershell,
  };
}

/** The summary card of an audit run; fewer worst accounts when very long names would pass the budget. */
export function auditSummaryCard(report: AuditReport): PagedCardData {
  const available = Math.min(WORST_ACCOUNTS, accountCount(report.findings));
  return {
    template: 'audit-summary',
    available,
    maxItems: WORST_ACCOUNTS,
    page: (count) => auditSummaryView(report, count),
  };
}

/**
 * An audit run as a card answer: the summary, or with `check` that check's findings from `offset`.
 * The one-line summary is the same for both.
 */
export function auditRunAnswer(report: AuditReport, request: AuditPageRequest): CardAnswer {
  const counts = summariseBySeverity(report.findings);
  return {
    cards: [
      request.check === undefined
        ? auditSummaryCard(report)
        : checkPage(report, request.check, request.offset),
    ],
    summary: `${report.title}: ${plural(report.findings.length, 'finding')} (${severityCountsText(counts)})`,
  };
}
