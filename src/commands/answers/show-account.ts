import type { CardAnswer } from '../../cards/card-answer';
import type { AccountFacts } from '../../domain/audit-facts';
import type { Computer } from '../../domain/computer';
import type { ServiceAccount } from '../../domain/service-account';
import { summariseBySeverity } from '../../audit/run-audit';
import { compareNames } from '../../domain/by-name';
import { dnKey, sameDn } from '../../domain/dn-key';
import { DirectoryError } from '../../domain/directory-error';
import { type Finding, severities } from '../../domain/finding';
import type { AnswerDeps } from '../answer-deps';
import { type AuditMoreData, auditMoreData } from '../views/audit-scope';
import { type FindingView, findingView } from '../views/finding-view';
import { resolveAccount } from '../views/resolve-account';
import { runAudit } from '../../audit/run-audit';
import { clipList, clipText } from '../views/clip-text';
import { describeDelegation } from '../views/describe-delegation';
import { describeEncryptionTypes } from '../views/describe-encryption-types';
import { directoryErrorReply } from '../views/error-card';
import { dnName } from '../../domain/dn-name';
import { type Fact, fact } from '../views/fact';
import { dateAgo, formatDate } from '../../domain/dates';
import { SMSA_ROTATION_DAYS, nextRotationText } from '../../domain/password-rotation';
import { powershellQuote } from '../../domain/powershell-quote';

export interface AccountCardView {
  title: string;
  subtitle: string;
  facts: Fact[];
  /** e.g. "Findings: 1 critical · 2 medium"; '' when the audit was not read */
  findingsTitle: string;
  findings: FindingView[];
  /** e.g. "4 of 9 findings shown."; '' when all are shown */
  findingsNote: string;
  hasMoreFindings: boolean;
  moreFindingsData: AuditMoreData;
  hostActions: { title: string; host: string }[];
  powershell: string;
}

const KIND_WORDS = {
  sMSA: 'Standalone managed service account (sMSA)',
  gMSA: 'Group managed service account (gMSA)',
} as const;

// caps that keep the worst-case account card far below 28 KB
const MAX_SPNS = 20;
const MAX_GROUPS = 25;
const MAX_HOSTS = 10;
const MAX_HOST_BUTTONS = 3;
const MAX_FINDINGS = 10;

export function showAccountPowerShell(name: string): string {
  return `Get-ADServiceAccount -Identity ${powershellQuote(name)} -Properties *`;
}

function hostLines(account: ServiceAccount, computers: readonly Computer[]): string[] {
  const byDn = new Map(computers.map((c) => [dnKey(c.distinguishedName), c]));
  const lines = account.hostComputerDns.map((dn) => {
    const computer = byDn.get(dnKey(dn));
    if (computer === undefined) return `${dnName(dn)} (not found in the directory)`;
    const dns = computer.dnsHostName === null ? '' : ` (${computer.dnsHostName})`;
    return `${computer.name}${dns}${computer.enabled ? '' : ': disabled'}`;
  });
  if (lines.length === 0) {
    return [account.kind === 'sMSA' ? 'none: not linked to any computer (orphaned?)' : 'none linked'];
  }
  return clipList(lines, MAX_HOSTS, 120);
}

/** The audit of the account: its findings, why they could not be read, or null when there are no facts. */
export type AccountFindings = { findings: readonly Finding[] } | { unavailable: string } | null;

function findingsTitle(audit: AccountFindings): string {
  if (audit === null) return '';
  if ('unavailable' in audit) return audit.unavailable;
  const { findings } = audit;
  if (findings.length === 0) return 'Findings: none, the account passes every check';
  const counts = summariseBySeverity(findings);
  const parts = severities.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return `Findings: ${parts.join(' · ')}`;
}

/**
 * The account card; the audit's findings (runAudit's order) show with their "Request fix" buttons,
 * the first `shownFindings` of them.
 */
export function accountCardView(
  account: ServiceAccount,
  computers: readonly Computer[],
  now: Date,
  audit: AccountFindings = null,
  shownFindings = MAX_FINDINGS,
  smsaRotationDays = SMSA_ROTATION_DAYS,
): AccountCardView {
  const findings = audit !== null && 'findings' in audit ? audit.findings : [];
  const shown = findings.slice(0, Math.max(0, shownFindings));
  const total = findings.length;
  const groups = account.memberOfDns.map(dnName).sort(compareNames);
  const hostComputers = account.hostComputerDns
    .map((dn) => computers.find((c) => sameDn(c.distinguishedName, dn)))
    .filter((c): c is Computer => c !== undefined);
  return {
    title: clipText(account.name, 64),
    subtitle: KIND_WORDS[account.kind],
    facts: [
      fact('Kind', account.kind),
      fact('Enabled', account.enabled ? 'Yes' : 'No: the account is disabled'),
      fact('SAM name', account.samAccountName),
      fact('DN', clipText(account.distinguishedName, 300)),
      fact('Description', account.description === null ? 'none' : clipText(account.description, 400)),
      fact(
        'Owner',
        account.managedBy === null ? 'none (managedBy is empty)' : clipText(dnName(account.managedBy), 120),
      ),
      fact('SPNs', clipList(account.servicePrincipalNames, MAX_SPNS, 120)),
      fact('Hosts', hostLines(account, computers)),
      fact('Groups (direct)', clipList(groups, MAX_GROUPS, 120)),
      fact('Delegation', describeDelegation(account)),
      fact('Encryption', describeEncryptionTypes(account)),
      fact('Password set', dateAgo(account.passwordLastSetAt, 'never set', now)),
      fact('Next rotation', nextRotationText(account, now, smsaRotationDays)),
      fact('Last logon', dateAgo(account.lastLogonAt, 'never', now)),
      fact('Created', account.createdAt === null ? 'unknown' : formatDate(account.createdAt)),
    ],
    findingsTitle: findingsTitle(audit),
    findings: shown.map((f) => findingView(f)),
    findingsNote:
      shown.length < total
        ? `${shown.length} of ${total} findings shown: "More findings" or audit ${account.name} for the rest.`
        : '',
    hasMoreFindings: shown.length < total,
    moreFindingsData: auditMoreData({ scope: 'account', account: account.samAccountName }, shown.length),
    hostActions: hostComputers.slice(0, MAX_HOST_BUTTONS).map((c) => ({
      title: `Accounts on ${clipText(c.name, 30)}`,
      host: c.name,
    })),
    powershell: showAccountPowerShell(account.name),
  };
}

/** "show svc_sql01": everything about one account, in words. */
export async function answerShowAccount(name: string, deps: AnswerDeps): Promise<CardAnswer> {
  const account = await resolveAccount(name, deps, (n) => ({ verb: 'show', data: { account: n } }));
  if ('cards' in account) return account;
  const read = await readFacts(account, deps);
  // the audit read the account's hosts already; read them here only when it could not
  const computers =
    read.facts !== null
      ? read.facts.hosts
      : account.hostComputerDns.length > 0
        ? await deps.directory.getComputersByDn(account.hostComputerDns)
        : [];
  const audit: AccountFindings =
    read.facts !== null
      ? { findings: runAudit([read.facts], { now: deps.now, config: deps.auditConfig }) }
      : read.unavailable;
  const count = audit !== null && 'findings' in audit ? audit.findings.length : 0;
  return {
    cards: [
      {
        template: 'account',
        available: count,
        maxItems: MAX_FINDINGS,
        page: (n) =>
          accountCardView(account, computers, deps.now, audit, n, deps.auditConfig.maxPasswordAgeDays),
      },
    ],
    summary: `${account.name} (${account.kind})`,
  };
}

/**
 * The account's audit facts (its hosts among them). A directory failure here (say, no right to read
 * security descriptors) costs the findings, not the card: the attributes above were read and are
 * worth showing.
 */
async function readFacts(
  account: ServiceAccount,
  deps: AnswerDeps,
): Promise<{ facts: AccountFacts | null; unavailable: { unavailable: string } | null }> {
  try {
    const [facts] = await deps.auditSource.readAccountFacts({
      kind: 'account',
      accountDn: account.distinguishedName,
    });
    return { facts: facts ?? null, unavailable: null };
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    try {
      deps.onError?.(error);
    } catch {
      // a broken logger must not cost the card
    }
    return {
      facts: null,
      unavailable: { unavailable: `Findings could not be read: ${directoryErrorReply(error).summary}.` },
    };
  }
}
