import { runAudit } from '../../audit/run-audit';
import type { CardAnswer } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { accountsChecked } from '../views/accounts-checked';
import { auditAnswer } from '../views/audit-page';
import { auditAllPowerShell } from '../views/audit-powershell';

/** "audit sMSAs": every check over every managed service account. */
export async function answerAuditAll(offset: number, deps: AnswerDeps): Promise<CardAnswer> {
  const facts = await deps.auditSource.readAccountFacts({ kind: 'all' });
  const findings = runAudit(facts, { now: deps.now, config: deps.auditConfig });
  return auditAnswer(
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
