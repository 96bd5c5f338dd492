import { allChecks } from '../../audit/checks';
import { summariseBySeverity } from '../../audit/run-audit';
import type { CardReply } from '../../cards/card-reply';
import { renderCard } from '../../cards/render';
import type { AccountFacts } from '../../domain/audit-facts';
import type { Computer } from '../../domain/computer';
import { type Finding, type Severity, severities } from '../../domain/finding';
import type { ServiceAccount } from '../../domain/service-account';
import type { AnswerDeps } from '../answer-deps';
import { auditAccountPowerShell, auditAllPowerShell, auditHostPowerShell } from '../views/audit-powershell';
import { type AuditMoreData, type AuditPageScope, auditMoreData } from '../views/audit-scope';
import { clipList, clipText } from '../views/clip-text';
import { type FindingView, SEVERITY_COLORS, SEVERITY_WORDS, findingView } from '../views/finding-view';
import { fitPage } from '../../cards/fit-page';
import { pageNote } from '../views/page-note';
import { noAccountReply } from '../views/resolve-account';
import { unknownHostReply } from '../views/resolve-host';
import { runAuditFor } from '../run-audit-for';

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
  counts: SeverityCountView[];
  emptyMessage: string;
  groups: SeverityGroupView[];
  pageNote: string;
  hasMore: boolean;
  moreData: AuditMoreData;
  powershell: string;
}

export interface AuditPage {
  view: AuditCardView;
  card: CardReply['cards'][number];
  /** findings on this page */
  shown: number;
  /** offset of the next page; null on the last */
  nextOffset: number | null;
}

const numberWords = new Intl.NumberFormat('en-US');

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${numberWords.format(count)} ${count === 1 ? one : many}`;
}

/** `2 critical · 5 high · 0 medium · 1 low · 3 info` */
export function severityCountsText(counts: Readonly<Record<Severity, number>>): string {
  return severities.map((s) => `${numberWords.format(counts[s])} ${s}`).join(' · ');
}

function countViews(counts: Readonly<Record<Severity, number>>): SeverityCountView[] {
  return severities.map((s) => ({
    label: SEVERITY_WORDS[s],
    count: numberWords.format(counts[s]),
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
          `${SEVERITY_WORDS[finding.severity]} (${numberWords.format(counts[finding.severity])})` +
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
export function auditPage(report: AuditReport, offset: number, maxItems = AUDIT_PAGE_SIZE): AuditPage {
  const total = report.findings.length;
  const start = Math.min(Math.max(0, offset), total);
  const counts = summariseBySeverity(report.findings);
  const countRow = countViews(counts);
  const viewFor = (count: number): AuditCardView => {
    const end = start + count;
    return {
      title: report.title,
      subtitle: report.subtitle,
      counts: countRow,
      emptyMessage: total === 0 ? report.emptyMessage : '',
      groups: groupViews(report.findings, counts, start, count),
      pageNote: pageNote(total, start, count, {
        noun: 'findings',
        range: 'Findings',
        number: (n) => numberWords.format(n),
      }),
      hasMore: end < total,
      moreData: auditMoreData(report.scope, end),
      powershell: report.powershell,
    };
  };
  const { card, count } = fitPage(total - start, maxItems, (n) => renderCard('audit', viewFor(n)));
  return {
    view: viewFor(count),
    card,
    shown: count,
    nextOffset: start + count < total ? start + count : null,
  };
}

function auditReply(report: AuditReport, offset: number): CardReply {
  const page = auditPage(report, offset);
  const counts = summariseBySeverity(report.findings);
  return {
    cards: [page.card],
    summary: `${report.title}: ${plural(report.findings.length, 'finding')} (${severityCountsText(counts)})`,
  };
}

function accountsChecked(facts: readonly AccountFacts[]): string {
  return `${plural(facts.length, 'managed service account')} checked with ${plural(allChecks.length, 'check')}`;
}

/** "audit sMSAs": every check over every managed service account. */
export async function answerAuditAll(offset: number, deps: AnswerDeps): Promise<CardReply> {
  const facts = await deps.auditSource.readAccountFacts({ kind: 'all' });
  const findings = runAuditFor(facts, deps);
  return auditReply(
    {
      title: 'Audit of all managed service accounts',
      subtitle: accountsChecked(facts),
      findings,
      emptyMessage:
        facts.length === 0
          ? 'There are no managed service accounts in the directory.'
          : 'No findings: every account passes every check.',
      scope: { scope: 'all' },
      powershell: auditAllPowerShell(),
    },
    offset,
  );
}

function hostReport(computer: Computer, facts: readonly AccountFacts[], findings: Finding[]): AuditReport {
  const name = clipText(computer.name, 64);
  const names = clipList(
    facts.map((f) => f.account.name),
    10,
    64,
  );
  return {
    title: `Audit of ${name}`,
    subtitle:
      facts.length === 0
        ? `No managed service accounts are linked to ${name}.`
        : `${accountsChecked(facts)}: ${names.join(', ')}`,
    findings,
    emptyMessage:
      facts.length === 0
        ? `Nothing to check: no managed service account is linked to ${name} (msDS-HostServiceAccount is empty).`
        : 'No findings: every linked account passes every check.',
    scope: { scope: 'host', host: computer.name },
    powershell: auditHostPowerShell(computer.name),
  };
}

function accountReport(account: ServiceAccount, findings: Finding[]): AuditReport {
  return {
    title: `Audit of ${clipText(account.name, 64)}`,
    subtitle: `1 ${account.kind} checked with ${plural(allChecks.length, 'check')}`,
    findings,
    emptyMessage: 'No findings: the account passes every check.',
    scope: { scope: 'account', account: account.samAccountName },
    powershell: auditAccountPowerShell(account.samAccountName),
  };
}

/** The audit of one account (`audit svc_sql01`, or a "Show more" on it). */
export async function answerAuditAccount(
  account: ServiceAccount,
  offset: number,
  deps: AnswerDeps,
): Promise<CardReply> {
  const facts = await deps.auditSource.readAccountFacts({
    kind: 'account',
    accountDn: account.distinguishedName,
  });
  return auditReply(accountReport(account, runAuditFor(facts, deps)), offset);
}

/**
 * "audit SRV01": the checks over the accounts linked to one computer. A name that is no computer but a
 * service account audits that account; anything else gets the closest computer names.
 */
export async function answerAuditHost(host: string, offset: number, deps: AnswerDeps): Promise<CardReply> {
  const computer = await deps.directory.findComputer(host);
  if (computer === null) {
    const account = await deps.directory.findServiceAccount(host);
    if (account !== null) return answerAuditAccount(account, offset, deps);
    return unknownHostReply(host, deps, (name) => ({
      verb: 'audit.more',
      data: auditMoreData({ scope: 'host', host: name }, 0),
    }));
  }
  const facts = await deps.auditSource.readAccountFacts({
    kind: 'host',
    computerDn: computer.distinguishedName,
  });
  return auditReply(hostReport(computer, facts, runAuditFor(facts, deps)), offset);
}

/** "Show more" on an audit of one account: the account is looked up again by name. */
export async function answerAuditAccountByName(
  name: string,
  offset: number,
  deps: AnswerDeps,
): Promise<CardReply> {
  const account = await deps.directory.findServiceAccount(name);
  if (account === null) return noAccountReply(name);
  return answerAuditAccount(account, offset, deps);
}
