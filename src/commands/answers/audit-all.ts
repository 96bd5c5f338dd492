import { runAuditInSlices } from '../../audit/run-audit-in-slices';
import type { CardAnswer } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { accountsChecked } from '../views/accounts-checked';
import { auditAllPowerShell } from '../views/audit-powershell';
import type { AuditPageRequest } from '../views/audit-scope';
import { auditRunAnswer } from '../views/audit-summary';
import { recallAuditRun } from './recall-audit-run';

/**
 * "audit sMSAs": every check over every managed service account. The answer is the summary; its
 * buttons open one check's findings of the same run (`request.check`), kept a short while.
 */
export async function answerAuditAll(request: AuditPageRequest, deps: AnswerDeps): Promise<CardAnswer> {
  const run = await recallAuditRun(
    'all',
    request.run,
    deps,
    async () => {
      const facts = await deps.auditSource.readAccountFacts({ kind: 'all' });
      const findings = await runAuditInSlices(facts, { now: deps.now, config: deps.auditConfig });
      return {
        accountsChecked: facts.length,
        report: {
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
      };
    },
    'full',
  );
  return auditRunAnswer(run.report, request);
}
