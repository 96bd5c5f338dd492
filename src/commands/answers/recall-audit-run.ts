import type { AnswerDeps } from '../answer-deps';
import type { AuditWeight } from '../audit-flights';
import type { CachedAuditRun } from '../audit-run-cache';
import type { AuditReport } from '../views/audit-page';
import { plural } from '../views/plural';

/** What a new audit run gives before it is kept. */
export interface FreshAuditRun {
  accountsChecked: number;
  report: AuditReport;
}

/** e.g. "2 minutes", "45 seconds" */
function keptFor(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds % 60 === 0 ? plural(seconds / 60, 'minute') : plural(seconds, 'second');
}

/**
 * The run a click pages through (`runId`, still fresh and of the same scope), or a new one from `audit`.
 * A new run joins one of the same scope already in flight (`deps.auditFlights`), and a `full` one
 * waits for a full-audit slot (AuditsBusyError past the wait: a "busy" card, never a hang).
 * A click whose run is gone gets the new run with a note saying so: its figures may differ from the
 * card it came from. The report carries the run id its buttons send (none when the run was not kept).
 */
export async function recallAuditRun(
  scopeKey: string,
  runId: string | undefined,
  deps: AnswerDeps,
  audit: () => Promise<FreshAuditRun>,
  weight: AuditWeight = 'light',
): Promise<CachedAuditRun> {
  const cache = deps.auditRuns;
  if (runId !== undefined && cache !== undefined) {
    const cached = cache.recall(runId, scopeKey, deps.now);
    if (cached !== null) return cached;
  }
  const start = async (): Promise<CachedAuditRun> => {
    const entry = { scopeKey, ranAt: deps.now, ...(await audit()) };
    return cache === undefined ? { ...entry, id: '' } : cache.remember(entry);
  };
  const run = await (deps.auditFlights?.join(scopeKey, weight, start) ?? start());
  if (runId === undefined || cache === undefined) return run;
  const notice = `Results refreshed: the run this card came from is no longer kept (runs are kept ${keptFor(cache.ttlMs)}), so the audit ran again just now; figures may differ.`;
  return { ...run, report: { ...run.report, notice } };
}
