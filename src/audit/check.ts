import type { AccountFacts } from '../domain/audit-facts';
import type { CheckId, Finding, Severity } from '../domain/finding';
import type { AuditConfig } from '../domain/audit-config';

export interface AuditContext {
  now: Date;
  config: AuditConfig;
}

/** One entry of the catalogue: a pure function of one account's facts and the clock. */
export interface Check<Id extends CheckId = CheckId> {
  id: Id;
  /** the usual severity; a check may raise or lower it per finding (e.g. delegation with protocol transition) */
  severity: Severity;
  title: string;
  run(facts: AccountFacts, ctx: AuditContext): Finding[];
}
