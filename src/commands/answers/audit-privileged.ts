import type { AuditConfig } from '../../domain/audit-config';
import type { CardAnswer, PagedCardData } from '../../cards/card-answer';
import { dnKey } from '../../domain/dn-key';
import type { Finding } from '../../domain/finding';
import { wellKnownSidName } from '../../domain/well-known-sids';
import type { AnswerDeps } from '../answer-deps';
import { auditPrivilegedPowerShell } from '../views/audit-powershell';
import { type AuditMoreData, type AuditPageRequest, auditMoreData } from '../views/audit-scope';
import { countWords, plural } from '../views/plural';
import { clipText } from '../views/clip-text';
import { type FixRequestData, fixRequestData } from '../views/finding-view';
import { pageNote } from '../views/page-note';
import { accountCount } from '../views/audit-page';
import { runPrivilegedAudit } from '../../audit/run-audit';
import { recallAuditRun } from './recall-audit-run';

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

/** One protected group on the summary: how many accounts reach it, and a button that opens their chains. */
export interface PrivilegedGroupView {
  /** e.g. "Administrators (S-1-5-32-544)" */
  group: string;
  /** e.g. "834 accounts: 12 direct, 822 nested" */
  count: string;
  open: AuditMoreData;
}

export interface PrivilegedCardView {
  title: string;
  subtitle: string;
  notice: string;
  emptyMessage: string;
  /** the summary of a long list: accounts per protected group; empty when the chains are shown */
  groupsHeading: string;
  groups: PrivilegedGroupView[];
  rows: PrivilegedRowView[];
  checked: string;
  pageNote: string;
  hasMore: boolean;
  moreData: AuditMoreData;
  /** "Back to summary" on one group's chains */
  hasBack: boolean;
  backData: AuditMoreData;
  powershell: string;
}

/** Protected groups named on the summary at most (the catalogue has 12; more come only from configuration). */
const MAX_GROUPS = 20;

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
  const accounts = accountCount(findings);
  return findings.length === 0
    ? 'Privileged managed service accounts: none'
    : `Privileged managed service accounts: ${plural(accounts, 'account')}, ${plural(findings.length, 'privileged membership')}`;
}

/** What a privileged card shows besides the findings: the run its buttons page through, a group, a note. */
export interface PrivilegedWithin {
  run?: string;
  /** the SID of one protected group: only its chains */
  group?: string;
  notice?: string;
}

/** Accounts per protected group, most first: the summary of a list too long for one card. */
function groupViews(findings: readonly Finding[], within: PrivilegedWithin): PrivilegedGroupView[] {
  const groups = new Map<string, { name: string; accounts: Set<string>; direct: number; nested: number }>();
  for (const finding of findings) {
    let group = groups.get(finding.detail);
    if (group === undefined) {
      group = {
        name: evidence(finding, 'Privileged group') ?? finding.detail,
        accounts: new Set(),
        direct: 0,
        nested: 0,
      };
      groups.set(finding.detail, group);
    }
    group.accounts.add(dnKey(finding.account.distinguishedName));
    if (evidence(finding, 'Membership') === 'direct') group.direct += 1;
    else group.nested += 1;
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => b.accounts.size - a.accounts.size || a.name.localeCompare(b.name))
    .slice(0, MAX_GROUPS)
    .map(([sid, group]) => ({
      group: clipText(group.name, 200),
      count: `${plural(group.accounts.size, 'account')}: ${countWords(group.direct)} direct, ${countWords(group.nested)} nested`,
      open: auditMoreData({ scope: 'privileged' }, 0, { run: within.run, group: sid }),
    }));
}

/**
 * One page of the privileged-membership findings from `offset`. A list longer than one page opens
 * with a summary instead (accounts per protected group, each with a button to its chains, paged);
 * `within.group` is one group's chains.
 */
export function privilegedPage(
  findings: readonly Finding[],
  accountsChecked: number,
  config: AuditConfig,
  offset: number,
  within: PrivilegedWithin = {},
): PagedCardData {
  const group = within.group;
  const listed = group === undefined ? findings : findings.filter((f) => f.detail === group);
  // an old card's "Show more" (an offset without a group) still pages through every chain
  const summary = group === undefined && offset === 0 && findings.length > PRIVILEGED_PAGE_SIZE;
  const total = summary ? 0 : listed.length;
  const start = Math.min(Math.max(0, offset), total);
  const groupName = listed[0] === undefined ? group : (evidence(listed[0], 'Privileged group') ?? group);
  const viewFor = (count: number): PrivilegedCardView => {
    const end = start + count;
    return {
      title:
        group === undefined
          ? privilegedTitle(findings)
          : `Privileged managed service accounts in ${clipText(groupName ?? '', 200)}: ${plural(accountCount(listed), 'account')}`,
      subtitle: `${plural(accountsChecked, 'managed service account')} checked for membership, direct or nested, in a protected group`,
      notice: within.notice ?? '',
      emptyMessage:
        listed.length === 0
          ? group === undefined
            ? 'No managed service account is in a privileged group.'
            : 'No managed service account is in this group in this audit run.'
          : '',
      groupsHeading: summary
        ? 'Accounts per protected group (open a group for the chains and "Request removal")'
        : '',
      groups: summary ? groupViews(findings, within) : [],
      rows: listed.slice(start, end).map(privilegedRow),
      checked: `Protected groups, matched by SID (names are localised and renamable): ${protectedGroupNames(config).join(', ')}.`,
      pageNote: summary ? '' : pageNote(total, start, count),
      hasMore: end < total,
      moreData: auditMoreData({ scope: 'privileged' }, end, { run: within.run, group }),
      hasBack: group !== undefined,
      backData: auditMoreData({ scope: 'privileged' }, 0, { run: within.run }),
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

/**
 * "audit privileged sMSAs": every MSA in a protected group, direct or nested, with the chain; a long
 * list opens with the accounts per group. Clicks page through the same run while it is kept.
 */
export async function answerAuditPrivileged(
  request: AuditPageRequest,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const run = await recallAuditRun(
    'privileged',
    request.run,
    deps,
    async () => {
      // memberships only: the descriptors, hosts and SPN holders of a full audit are not needed here
      const facts = await deps.auditSource.readMembershipFacts({ kind: 'all' });
      const findings = runPrivilegedAudit(facts, { now: deps.now, config: deps.auditConfig });
      return {
        accountsChecked: facts.length,
        report: {
          title: privilegedTitle(findings),
          subtitle: '',
          findings,
          emptyMessage: '',
          scope: { scope: 'privileged' },
          powershell: auditPrivilegedPowerShell(deps.auditConfig),
        },
      };
    },
    'full',
  );
  const { findings, run: runId, notice } = run.report;
  const page = privilegedPage(findings, run.accountsChecked, deps.auditConfig, request.offset, {
    run: runId,
    group: request.group,
    notice,
  });
  return { cards: [page], summary: privilegedTitle(findings) };
}
