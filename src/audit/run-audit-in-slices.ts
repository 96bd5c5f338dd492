import type { AccountFacts } from '../domain/audit-facts';
import type { Finding } from '../domain/finding';
import { DEFAULT_SLICE, mapInSlices } from '../domain/map-in-slices';
import type { AuditContext, Check } from './check';
import { allChecks } from './checks';
import { compareFindings } from './run-audit';

/**
 * runAudit for thousands of accounts without holding the event loop: the checks run over `slice`
 * accounts at a time with a yield in between (a lookup asked meanwhile is answered between two
 * slices), then the findings are sorted as runAudit sorts them. Same findings, same order.
 */
export async function runAuditInSlices(
  facts: readonly AccountFacts[],
  ctx: AuditContext,
  checks: readonly Check[] = allChecks,
  slice: number = DEFAULT_SLICE,
): Promise<Finding[]> {
  const perAccount = await mapInSlices(
    facts,
    (account) => checks.flatMap((check) => check.run(account, ctx)),
    slice,
  );
  return perAccount.flat().sort(compareFindings);
}
