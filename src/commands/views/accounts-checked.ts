import { allChecks } from '../../audit/checks';
import type { AccountFacts } from '../../domain/audit-facts';
import { plural } from './plural';

/** e.g. "12 managed service accounts checked with 16 checks" */
export function accountsChecked(facts: readonly AccountFacts[]): string {
  return `${plural(facts.length, 'managed service account')} checked with ${plural(allChecks.length, 'check')}`;
}
