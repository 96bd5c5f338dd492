import type { Check } from '../audit/check';
import { runAudit } from '../audit/run-audit';
import type { AccountFacts } from '../domain/audit-facts';
import type { Finding } from '../domain/finding';
import type { AnswerDeps } from './answer-deps';

/** runAudit with the answer's clock and configuration. */
export function runAuditFor(
  facts: readonly AccountFacts[],
  deps: AnswerDeps,
  checks?: readonly Check[],
): Finding[] {
  return runAudit(facts, { now: deps.now, config: deps.auditConfig }, checks);
}
