import { allChecks } from '../../audit/checks';
import { runAudit } from '../../audit/run-audit';
import type { CardAnswer } from '../../cards/card-answer';
import type { Finding } from '../../domain/finding';
import type { ServiceAccount } from '../../domain/service-account';
import type { AnswerDeps } from '../answer-deps';
import { type AuditReport, auditAnswer } from '../views/audit-page';
import { auditAccountPowerShell } from '../views/audit-powershell';
import { clipText } from '../views/clip-text';
import { plural } from '../views/plural';
import { noAccountReply } from '../views/resolve-account';

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

/** The audit of one account found already (`audit svc_sql01` names an account, not a computer). */
export async function auditOfAccount(
  account: ServiceAccount,
  offset: number,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const facts = await deps.auditSource.readAccountFacts({
    kind: 'account',
    accountDn: account.distinguishedName,
  });
  const findings = runAudit(facts, { now: deps.now, config: deps.auditConfig });
  return auditAnswer(accountReport(account, findings), offset);
}

/** "Show more" on an audit of one account: the account is looked up again by name. */
export async function answerAuditAccount(
  name: string,
  offset: number,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const account = await deps.directory.findServiceAccount(name);
  if (account === null) return noAccountReply(name);
  return auditOfAccount(account, offset, deps);
}
