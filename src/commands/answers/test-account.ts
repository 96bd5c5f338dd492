import { checksById } from '../../audit/checks';
import { type CardAnswer, card } from '../../cards/card-answer';
import type { AccountFacts } from '../../domain/audit-facts';
import type { Computer } from '../../domain/computer';
import type { ServiceAccount } from '../../domain/service-account';
import type { AnswerDeps } from '../answer-deps';
import { type AuditMoreData, auditMoreData } from '../views/audit-scope';
import { clipList, clipText } from '../views/clip-text';
import { dateAgo, pluralDays } from '../../domain/dates';
import { rotationIntervalDays } from '../../domain/password-rotation';
import { powershellQuote } from '../../domain/powershell-quote';
import { noAccountReply, resolveAccount } from '../views/resolve-account';
import { resolveHost } from '../views/resolve-host';
import { runAudit } from '../../audit/run-audit';
import { sameDn } from '../../domain/dn-key';

export interface VerdictView {
  /** ✔ or ✖ */
  mark: string;
  /** "Pass" or "Fail": the mark in words */
  verdict: string;
  color: string;
  point: string;
  lines: string[];
}

export interface TestAccountCardView {
  title: string;
  subtitle: string;
  verdicts: VerdictView[];
  account: string;
  auditHostData: AuditMoreData;
  powershell: string;
}

export interface Verdict {
  pass: boolean;
  point: string;
  lines: string[];
}

function verdictView(v: Verdict): VerdictView {
  return {
    mark: v.pass ? '✔' : '✖',
    verdict: v.pass ? 'Pass' : 'Fail',
    color: v.pass ? 'Good' : 'Attention',
    point: v.point,
    lines: clipList(v.lines, 6, 300),
  };
}

/**
 * Both halves of the link: the computer's msDS-HostServiceAccount names the account and the account's
 * backlink names the computer. A gMSA may instead be allowed to the computer by
 * PrincipalsAllowedToRetrieveManagedPassword (directly or through a group).
 */
function linkVerdict(account: ServiceAccount, computer: Computer, facts: AccountFacts): Verdict {
  const forward = computer.hostedServiceAccountDns.some((dn) => sameDn(dn, account.distinguishedName));
  const back = account.hostComputerDns.some((dn) => sameDn(dn, computer.distinguishedName));
  const lines = [
    `${computer.name} → ${account.name} (the computer's msDS-HostServiceAccount): ${forward ? 'yes' : 'no'}`,
    `${account.name} → ${computer.name} (the account's msDS-HostServiceAccountBL): ${back ? 'yes' : 'no'}`,
  ];
  if (account.kind === 'gMSA') {
    const reader = (facts.passwordReaders ?? []).find(
      (r) => r.principal.sid.toUpperCase() === computer.sid.toUpperCase(),
    );
    const readerLine =
      reader === undefined
        ? `${computer.name} may not retrieve the password (PrincipalsAllowedToRetrieveManagedPassword)`
        : `${computer.name} may retrieve the password${reader.via.length > 0 ? ` through ${reader.via.join(' → ')}` : ' (named directly)'}`;
    return {
      pass: reader !== undefined,
      point: `Allowed on ${computer.name}`,
      lines: [readerLine, ...lines],
    };
  }
  if (forward && back) return { pass: true, point: `Linked to ${computer.name} both ways`, lines };
  const hint = `Fix: Add-ADComputerServiceAccount -Identity ${powershellQuote(computer.name)} -ServiceAccount ${powershellQuote(account.samAccountName)}`;
  return { pass: false, point: `Not linked to ${computer.name} both ways`, lines: [...lines, hint] };
}

function rotationVerdict(facts: AccountFacts, deps: AnswerDeps): Verdict {
  const { account } = facts;
  // judged on the password age alone: the check leaves disabled accounts to the `disabled` check
  const judged = { ...facts, account: { ...account, enabled: true } };
  const [finding] = runAudit([judged], { now: deps.now, config: deps.auditConfig }, [
    checksById['password-rotation'],
  ]);
  const every = `expected every ${pluralDays(rotationIntervalDays(account, deps.auditConfig.maxPasswordAgeDays))}`;
  if (finding === undefined) {
    const set = account.passwordLastSetAt;
    return {
      pass: true,
      point: 'Password rotating',
      lines: [set === null ? every : `last set ${dateAgo(set, 'never', deps.now)}, ${every}`],
    };
  }
  return {
    pass: false,
    point: 'Password not rotating',
    lines: [finding.title, ...finding.evidence.map((e) => `${e.label}: ${e.value}`)],
  };
}

function spnVerdict(facts: AccountFacts, deps: AnswerDeps): Verdict {
  const spns = facts.account.servicePrincipalNames;
  const findings = runAudit([facts], { now: deps.now, config: deps.auditConfig }, [
    checksById['duplicate-spn'],
  ]);
  if (findings.length === 0) {
    return {
      pass: true,
      point: 'SPNs unique',
      lines: [
        spns.length === 0
          ? 'the account holds no SPN'
          : `no other object holds its ${spns.length === 1 ? 'SPN' : `${spns.length} SPNs`}`,
      ],
    };
  }
  return { pass: false, point: 'Duplicate SPNs', lines: findings.map((f) => f.title) };
}

/** The directory side of Test-ADServiceAccount, one verdict per point. */
export function testVerdicts(facts: AccountFacts, computer: Computer, deps: AnswerDeps): Verdict[] {
  const { account } = facts;
  return [
    linkVerdict(account, computer, facts),
    account.enabled
      ? { pass: true, point: 'Account enabled', lines: [`${account.samAccountName} is enabled`] }
      : {
          pass: false,
          point: 'Account disabled',
          lines: [
            `Enable it if the service still needs it: Enable-ADAccount -Identity ${powershellQuote(account.samAccountName)}`,
          ],
        },
    computer.enabled
      ? { pass: true, point: 'Host enabled', lines: [`${computer.samAccountName} is enabled`] }
      : {
          pass: false,
          point: 'Host disabled',
          lines: [
            `the computer account ${computer.samAccountName} is disabled: the service cannot sign in there`,
          ],
        },
    rotationVerdict(facts, deps),
    spnVerdict(facts, deps),
  ];
}

export function testAccountPowerShell(account: string, host: string): string {
  return (
    `Get-ADComputer -Identity ${powershellQuote(host)} -Properties msDS-HostServiceAccount; ` +
    `Get-ADServiceAccount -Identity ${powershellQuote(account)} -Properties msDS-HostServiceAccountBL,PasswordLastSet,servicePrincipalName; ` +
    `# on ${host}: Test-ADServiceAccount -Identity ${powershellQuote(account)}`
  );
}

export function testAccountView(
  facts: AccountFacts,
  computer: Computer,
  deps: AnswerDeps,
): TestAccountCardView {
  const verdicts = testVerdicts(facts, computer, deps);
  const failed = verdicts.filter((v) => !v.pass).length;
  const name = clipText(facts.account.name, 64);
  const host = clipText(computer.name, 64);
  return {
    title: `${name} on ${host}: ${failed === 0 ? `all ${verdicts.length} points pass` : `${failed} of ${verdicts.length} points fail`}`,
    subtitle:
      'The directory side of Test-ADServiceAccount; run Test-ADServiceAccount on the server for the rest.',
    verdicts: verdicts.map(verdictView),
    account: facts.account.samAccountName,
    auditHostData: auditMoreData({ scope: 'host', host: computer.name }, 0),
    powershell: testAccountPowerShell(facts.account.samAccountName, computer.name),
  };
}

/** "test svc_sql01 on SRV01". */
export async function answerTestAccount(
  account: string,
  host: string,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const found = await resolveAccount(account, deps, (name) => ({
    verb: 'test-account',
    data: { account: name, host },
  }));
  if ('cards' in found) return found;
  const computer = await resolveHost(host, deps, (name) => ({
    verb: 'test-account',
    data: { account: found.samAccountName, host: name },
  }));
  if ('cards' in computer) return computer;
  const [facts] = await deps.auditSource.readAccountFacts({
    kind: 'account',
    accountDn: found.distinguishedName,
  });
  if (facts === undefined) {
    // deleted between the two reads: say so rather than judge an account without its facts
    return noAccountReply(account);
  }
  const view = testAccountView(facts, computer, deps);
  return card('test-account', view, view.title);
}
