import { runAudit } from '../../audit/run-audit';
import type { CardAnswer } from '../../cards/card-answer';
import type { AccountFacts } from '../../domain/audit-facts';
import type { Computer } from '../../domain/computer';
import type { Finding } from '../../domain/finding';
import type { AnswerDeps } from '../answer-deps';
import { accountsChecked } from '../views/accounts-checked';
import { type AuditReport, auditAnswer } from '../views/audit-page';
import { auditHostPowerShell } from '../views/audit-powershell';
import { auditMoreData } from '../views/audit-scope';
import { clipList, clipText } from '../views/clip-text';
import { unknownHostReply } from '../views/resolve-host';
import { auditOfAccount } from './audit-account';

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

/**
 * "audit SRV01": the checks over the accounts linked to one computer. A name that is no computer but a
 * service account audits that account; anything else gets the closest computer names.
 */
export async function answerAuditHost(host: string, offset: number, deps: AnswerDeps): Promise<CardAnswer> {
  const computer = await deps.directory.findComputer(host);
  if (computer === null) {
    const account = await deps.directory.findServiceAccount(host);
    if (account !== null) return auditOfAccount(account, offset, deps);
    return unknownHostReply(host, deps, (name) => ({
      verb: 'audit.more',
      data: auditMoreData({ scope: 'host', host: name }, 0),
    }));
  }
  const facts = await deps.auditSource.readAccountFacts({
    kind: 'host',
    computerDn: computer.distinguishedName,
  });
  const findings = runAudit(facts, { now: deps.now, config: deps.auditConfig });
  return auditAnswer(hostReport(computer, facts, findings), offset);
}
