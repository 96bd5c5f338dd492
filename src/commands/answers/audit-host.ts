import { runAuditInSlices } from '../../audit/run-audit-in-slices';
import type { CardAnswer } from '../../cards/card-answer';
import type { AccountFacts } from '../../domain/audit-facts';
import type { Computer } from '../../domain/computer';
import type { Finding } from '../../domain/finding';
import type { AnswerDeps } from '../answer-deps';
import { accountsChecked } from '../views/accounts-checked';
import type { AuditReport } from '../views/audit-page';
import { auditHostPowerShell } from '../views/audit-powershell';
import { type AuditPageRequest, auditMoreData } from '../views/audit-scope';
import { auditRunAnswer } from '../views/audit-summary';
import { clipList, clipText } from '../views/clip-text';
import { unknownHostReply } from '../views/resolve-host';
import { auditOfAccount } from './audit-account';
import { recallAuditRun } from './recall-audit-run';

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

/** The cache's name for a host audit: the computer's name as its buttons carry it. */
function hostScopeKey(host: string): string {
  return `host:${host.toLowerCase()}`;
}

/**
 * "audit SRV01": the checks over the accounts linked to one computer, as a summary whose buttons open
 * one check's findings of the same run. A name that is no computer but a service account audits that
 * account; anything else gets the closest computer names.
 */
export async function answerAuditHost(
  host: string,
  request: AuditPageRequest,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  // a click on a kept run reads nothing: the run's buttons name the computer as it was resolved
  const cached =
    request.run === undefined ? null : deps.auditRuns?.recall(request.run, hostScopeKey(host), deps.now);
  if (cached !== null && cached !== undefined) return auditRunAnswer(cached.report, request);
  const computer = await deps.directory.findComputer(host);
  if (computer === null) {
    const account = await deps.directory.findServiceAccount(host);
    if (account !== null) return auditOfAccount(account, request.offset, deps);
    return unknownHostReply(host, deps, (name) => ({
      verb: 'audit.more',
      data: auditMoreData({ scope: 'host', host: name }, 0),
    }));
  }
  const run = await recallAuditRun(hostScopeKey(computer.name), request.run, deps, async () => {
    const facts = await deps.auditSource.readAccountFacts({
      kind: 'host',
      computerDn: computer.distinguishedName,
    });
    const findings = await runAuditInSlices(facts, { now: deps.now, config: deps.auditConfig });
    return { accountsChecked: facts.length, report: hostReport(computer, facts, findings) };
  });
  return auditRunAnswer(run.report, request);
}
