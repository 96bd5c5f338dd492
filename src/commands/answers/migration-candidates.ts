import type { CardAnswer, PagedCardData } from '../../cards/card-answer';
import type { MigrationCandidate } from '../../domain/audit-source';
import type { AnswerDeps } from '../answer-deps';
import { byName } from '../../domain/by-name';
import { plural } from '../views/plural';
import { clipList, clipText } from '../views/clip-text';
import { dateAgo } from '../../domain/dates';
import { pageNote } from '../views/page-note';
import { powershellQuote } from '../../domain/powershell-quote';
import { resolveHost } from '../views/resolve-host';
import { spnHost } from '../../domain/service-principal-name';

/** Candidates per card at most (each carries a script of a dozen lines). */
export const MIGRATION_PAGE_SIZE = 8;

/** What a migration "Show more" button sends back (verb `migration.more`); no host = every candidate. */
export interface MigrationMoreData {
  host?: string;
  offset: number;
}

export interface MigrationCandidateView {
  name: string;
  summary: string;
  details: string[];
  /** e.g. "Plan: an sMSA on SRV01" */
  plan: string;
  /** the PowerShell, one line each (comments start with #) */
  script: string[];
}

export interface MigrationCardView {
  title: string;
  subtitle: string;
  emptyMessage: string;
  candidates: MigrationCandidateView[];
  pageNote: string;
  hasMore: boolean;
  moreData: MigrationMoreData;
  powershell: string;
}

/** The computers an account's SPNs name, as NetBIOS names (first DNS label, upper case), each once, in order. */
export function spnComputers(spns: readonly string[]): string[] {
  const names: string[] = [];
  for (const spn of spns) {
    const host = spnHost(spn);
    const name = host?.split('.')[0]?.toUpperCase();
    if (name !== undefined && name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The DNS domain of the first fully qualified SPN host (`srv01.corp.example.test` → `corp.example.test`). */
function spnDomain(spns: readonly string[]): string | null {
  for (const spn of spns) {
    const host = spnHost(spn);
    const dot = host?.indexOf('.') ?? -1;
    if (host !== null && dot > 0 && dot < host.length - 1) return host.slice(dot + 1).toLowerCase();
  }
  return null;
}

/**
 * A name for the new managed account: the user's sAMAccountName with only the characters an MSA name
 * may hold, at most 15 (its sAMAccountName is the name plus `$`, like a computer's).
 */
export function suggestedMsaName(candidate: MigrationCandidate): string {
  const name = candidate.samAccountName.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 15);
  return name === '' ? 'svc_msa' : name;
}

/**
 * The PowerShell that moves a user service account to an sMSA (one computer) or a gMSA (several):
 * create, link, install and test on the server, then move the SPNs (off the user first: an SPN may
 * be held only once). `host` is the computer asked about, used when the SPNs name none.
 */
export function migrationScript(
  candidate: MigrationCandidate,
  host: string | null,
): { plan: string; script: string[] } {
  const msa = suggestedMsaName(candidate);
  const q = powershellQuote;
  const identity = q(msa);
  const user = q(candidate.samAccountName);
  const computers = spnComputers(candidate.servicePrincipalNames);
  if (computers.length === 0 && host !== null) computers.push(host.toUpperCase());
  const moveSpns = [
    '# move the SPNs from the user to the managed account (an SPN may be held only once)',
    `$spns = (Get-ADUser -Identity ${user} -Properties servicePrincipalName).servicePrincipalName`,
    `Set-ADUser -Identity ${user} -ServicePrincipalNames @{Remove=$spns}`,
    `Set-ADServiceAccount -Identity ${identity} -ServicePrincipalNames @{Add=$spns}`,
    `# run the service as ${msa}$ with an empty password, then retire the user: Disable-ADAccount -Identity ${user}`,
  ];
  if (computers.length > 1) {
    const domain = spnDomain(candidate.servicePrincipalNames) ?? '<your DNS domain>';
    const readers = computers.map((c) => q(`${c}$`)).join(',');
    return {
      plan: `Plan: a gMSA for ${computers.join(', ')} (the SPNs name several computers)`,
      script: [
        '# needs a KDS root key once per forest: Get-KdsRootKey, else Add-KdsRootKey -EffectiveImmediately',
        `New-ADServiceAccount -Name ${identity} -DNSHostName ${q(`${msa}.${domain}`)} -PrincipalsAllowedToRetrieveManagedPassword ${readers} -KerberosEncryptionType AES128,AES256 -Enabled $true`,
        `# on each of ${computers.join(', ')}:`,
        `Install-ADServiceAccount -Identity ${identity}; Test-ADServiceAccount -Identity ${identity}`,
        ...moveSpns,
      ],
    };
  }
  const computer = computers[0];
  const target = computer === undefined ? '<server>' : q(computer);
  return {
    plan:
      computer === undefined
        ? 'Plan: an sMSA on the computer that runs the service (the SPNs name none: replace <server>)'
        : `Plan: an sMSA on ${computer}`,
    script: [
      `New-ADServiceAccount -Name ${identity} -RestrictToSingleComputer -Enabled $true -KerberosEncryptionType AES128,AES256`,
      `Add-ADComputerServiceAccount -Identity ${target} -ServiceAccount ${identity}`,
      `# on ${computer ?? 'the server'}:`,
      `Install-ADServiceAccount -Identity ${identity}; Test-ADServiceAccount -Identity ${identity}`,
      ...moveSpns,
    ],
  };
}

export function candidateView(
  candidate: MigrationCandidate,
  host: string | null,
  now: Date,
): MigrationCandidateView {
  const { plan, script } = migrationScript(candidate, host);
  const spns = candidate.servicePrincipalNames;
  return {
    name: clipText(candidate.name, 64),
    summary: [
      `user ${clipText(candidate.samAccountName, 64)}`,
      candidate.enabled ? 'enabled' : 'disabled',
      plural(spns.length, 'SPN'),
    ].join(' · '),
    details: [
      `SPNs: ${clipList(spns, 5, 120).join(', ')}`,
      `Password last set: ${dateAgo(candidate.passwordLastSetAt, 'never', now)}`,
      `Last logon: ${dateAgo(candidate.lastLogonAt, 'never', now)}`,
      ...(candidate.description === null ? [] : [`Description: ${clipText(candidate.description, 200)}`]),
    ],
    plan,
    // names inside the script are clipped by nothing: a clipped name would be a wrong command
    script,
  };
}

export function migrationPowerShell(host: string | null): string {
  const base =
    'Get-ADUser -Filter \'servicePrincipalName -like "*"\' -Properties servicePrincipalName,PasswordLastSet,LastLogonDate';
  if (host === null) return `${base} | Select-Object Name,SamAccountName,Enabled,servicePrincipalName`;
  return (
    `${base} | Where-Object { $_.servicePrincipalName -match ('/' + [regex]::Escape(${powershellQuote(host)}) + '([.:/]|$)') } | ` +
    'Select-Object Name,SamAccountName,Enabled,servicePrincipalName'
  );
}

/** e.g. "Migration candidates on SRV01: 3 user accounts with SPNs". */
function migrationTitle(total: number, host: string | null): string {
  const where = host === null ? '' : ` on ${clipText(host, 64)}`;
  return `Migration candidates${where}: ${plural(total, 'user account')} with SPNs`;
}

export function migrationPage(
  candidates: readonly MigrationCandidate[],
  host: string | null,
  offset: number,
  now: Date,
): PagedCardData {
  const sorted = [...candidates].sort(byName);
  const total = sorted.length;
  const start = Math.min(Math.max(0, offset), total);
  const where = host === null ? '' : ` on ${clipText(host, 64)}`;
  const viewFor = (count: number): MigrationCardView => {
    const end = start + count;
    return {
      title: migrationTitle(total, host),
      subtitle:
        'User accounts acting as services keep a password someone set and must rotate by hand. ' +
        'A managed service account (sMSA for one computer, gMSA for several) has its password changed automatically.',
      emptyMessage:
        total === 0
          ? `No user account${where} holds an SPN: nothing to move to a managed service account.`
          : '',
      candidates: sorted.slice(start, end).map((c) => candidateView(c, host, now)),
      pageNote: pageNote(total, start, count),
      hasMore: end < total,
      moreData: host === null ? { offset: end } : { host, offset: end },
      powershell: migrationPowerShell(host),
    };
  };
  return {
    template: 'migration-candidates',
    available: total - start,
    maxItems: MIGRATION_PAGE_SIZE,
    page: viewFor,
  };
}

/** "migration candidates [on SRV01]": user accounts with SPNs, each with the PowerShell to move it. */
export async function answerMigrationCandidates(
  host: string | null,
  offset: number,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  let hostName: string | null = null;
  let filter: { name: string; dnsHostName: string | null } | null = null;
  if (host !== null) {
    const computer = await resolveHost(host, deps, (name) => ({
      verb: 'migration.more',
      data: { host: name, offset: 0 },
    }));
    if ('cards' in computer) return computer;
    hostName = computer.name;
    filter = { name: computer.name, dnsHostName: computer.dnsHostName };
  }
  const candidates = await deps.auditSource.listMigrationCandidates(filter);
  const page = migrationPage(candidates, hostName, offset, deps.now);
  return { cards: [page], summary: migrationTitle(candidates.length, hostName) };
}
