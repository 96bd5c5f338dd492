import type { CheckId } from '../../domain/finding';

/** Which audit a "Show more" (verb `audit.more`) continues; names are re-resolved on every click. */
export type AuditPageScope =
  | { scope: 'all' }
  | { scope: 'privileged' }
  | { scope: 'host'; host: string }
  | { scope: 'account'; account: string };

/**
 * What a click opens within an audit: the cached run it pages through (`run`), and one check's
 * findings (`check`) or one protected group's chains (`group`, a SID); neither is the summary.
 */
export interface AuditPageRequest {
  offset: number;
  run?: string;
  check?: CheckId;
  group?: string;
}

/** The data of an `audit.more` button. */
export type AuditMoreData = AuditPageScope & AuditPageRequest;

export function auditMoreData(
  scope: AuditPageScope,
  offset: number,
  within: Omit<AuditPageRequest, 'offset'> = {},
): AuditMoreData {
  const data: AuditMoreData = { ...scope, offset };
  // only the keys that are set: the button's data stays small and reads like the request
  if (within.run !== undefined) data.run = within.run;
  if (within.check !== undefined) data.check = within.check;
  if (within.group !== undefined) data.group = within.group;
  return data;
}
