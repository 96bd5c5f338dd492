import { checksById } from '../../audit/checks';
import { summariseBySeverity } from '../../audit/run-audit';
import type { CardAnswer, PagedCardData } from '../../cards/card-answer';
import { dnKey } from '../../domain/dn-key';
import { type CheckId, type Finding, type Severity, severities } from '../../domain/finding';
import { type AuditMoreData, type AuditPageScope, auditMoreData } from './audit-scope';
import { type FindingView, SEVERITY_COLORS, SEVERITY_WORDS, findingView } from './finding-view';
import { pageNote } from './page-note';
import { countWords, plural } from './plural';

/** Findings per audit card at most; fewer when long findings would pass the 28 KB budget. */
export const AUDIT_PAGE_SIZE = 12;

/** What an audit answer is about, before paging. `findings` are in runAudit's order (worst first). */
export interface AuditReport {
  title: string;
  /** what was checked, e.g. "12 managed service accounts checked with 16 checks" */
  subtitle: string;
  findings: readonly Finding[];
  /** shown when there are no findings at all */
  emptyMessage: string;
  scope: AuditPageScope;
  powershell: string;
  /** the cached run the buttons page through; none: each click reads the directory again */
  run?: string;
  /** the one check these findings are from (a check's page, with a way back to the summary) */
  check?: CheckId;
  /** a line above the findings, e.g. that the earlier run had expired and this one is new */
  notice?: string;
}

export interface SeverityCountView {
  label: string;
  count: string;
  color: string;
}

export interface SeverityGroupView {
  heading: string;
  color: string;
  findings: FindingView[];
}

export interface AuditCardView {
  title: string;
  subtitle: string;
  notice: string;
  counts: SeverityCountView[];
  emptyMessage: string;
  groups: SeverityGroupView[];
  pageNote: string;
  hasMore: boolean;
  moreData: AuditMoreData;
  /** "Back to summary" on a check's page */
  hasBack: boolean;
  backData: AuditMoreData;
  powershell: string;
}

/** `2 critical · 5 high · 0 medium · 1 low · 3 info` */
export function severityCountsText(counts: Readonly<Record<Severity, number>>): string {
  return severities.map((s) => `${countWords(counts[s])} ${s}`).join(' · ');
}

export function countViews(counts: Readonly<Record<Severity, number>>): SeverityCountView[] {
  return severities.map((s) => ({
    label: SEVERITY_WORDS[s],
    count: countWords(counts[s]),
    color: counts[s] > 0 ? SEVERITY_COLORS[s] : 'Default',
  }));
}

/** Groups of one page, worst first; a group that began on an earlier page says so. */
function groupViews(
  all: readonly Finding[],
  counts: Readonly<Record<Severity, number>>,
  offset: number,
  count: number,
): SeverityGroupView[] {
  const groups: Array<SeverityGroupView & { severity: Severity }> = [];
  for (const [i, finding] of all.slice(offset, offset + count).entries()) {
    let group = groups.at(-1);
    if (group?.severity !== finding.severity) {
      const continued = offset + i > 0 && all[offset + i - 1]?.severity === finding.severity;
      group = {
        severity: finding.severity,
        heading:
          `${SEVERITY_WORDS[finding.severity]} (${countWords(counts[finding.severity])})` +
          (continued ? ', continued' : ''),
        color: SEVERITY_COLORS[finding.severity],
        findings: [],
      };
      groups.push(group);
    }
    group.findings.push(findingView(finding));
  }
  return groups.map(({ heading, color, findings }) => ({ heading, color, findings }));
}

/** One page of an audit from `offset`, as large as fits the Teams budget (at most AUDIT_PAGE_SIZE findings). */
export function auditPage(report: AuditReport, offset: number, maxItems = AUDIT_PAGE_SIZE): PagedCardData {
  const total = report.findings.length;
  const start = Math.min(Math.max(0, offset), total);
  const counts = summariseBySeverity(report.findings);
  const countRow = countViews(counts);
  const viewFor = (count: number): AuditCardView => {
    const end = start + count;
    return {
      title: report.title,
      subtitle: report.subtitle,
      notice: report.notice ?? '',
      counts: countRow,
      emptyMessage: total === 0 ? report.emptyMessage : '',
      groups: groupViews(report.findings, counts, start, count),
      pageNote: pageNote(total, start, count, {
        noun: 'findings',
        range: 'Findings',
        number: countWords,
      }),
      hasMore: end < total,
      moreData: auditMoreData(report.scope, end, { run: report.run, check: report.check }),
      hasBack: report.check !== undefined,
      backData: auditMoreData(report.scope, 0, { run: report.run }),
      powershell: report.powershell,
    };
  };
  return { template: 'audit', available: total - start, maxItems, page: viewFor };
}

/** How many different accounts the findings are about. */
export function accountCount(findings: readonly Finding[]): number {
  return new Set(findings.map((f) => dnKey(f.account.distinguishedName))).size;
}

/** One check's findings of an audit run, paged from `offset`, with a way back to the run's summary. */
export function checkPage(report: AuditReport, check: CheckId, offset: number): PagedCardData {
  const findings = report.findings.filter((f) => f.checkId === check);
  return auditPage(
    {
      ...report,
      title: checksById[check].title,
      subtitle: `${check} · ${plural(findings.length, 'finding')} on ${plural(accountCount(findings), 'account')} · ${report.title} (${report.subtitle})`,
      findings,
      emptyMessage: 'No findings from this check in this audit run.',
      check,
    },
    offset,
  );
}

/** An audit as a card answer: one page from `offset`, summed up in one line. */
export function auditAnswer(report: AuditReport, offset: number): CardAnswer {
  const counts = summariseBySeverity(report.findings);
  return {
    cards: [auditPage(report, offset)],
    summary: `${report.title}: ${plural(report.findings.length, 'finding')} (${severityCountsText(counts)})`,
  };
}
