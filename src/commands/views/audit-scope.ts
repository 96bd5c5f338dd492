/** Which audit a "Show more" (verb `audit.more`) continues; names are re-resolved on every click. */
export type AuditPageScope =
  | { scope: 'all' }
  | { scope: 'privileged' }
  | { scope: 'host'; host: string }
  | { scope: 'account'; account: string };

/** The data of an `audit.more` button. */
export type AuditMoreData = AuditPageScope & { offset: number };

export function auditMoreData(scope: AuditPageScope, offset: number): AuditMoreData {
  return { ...scope, offset };
}
