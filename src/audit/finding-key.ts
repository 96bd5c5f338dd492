import type { CheckId } from '../domain/finding';

/**
 * `checkId:objectGUID:detail` (SID when the GUID is unknown). The GUID survives renames and moves, so
 * a finding keeps its key until the condition itself changes; digests diff keys to tell new from resolved.
 */
export function findingKey(checkId: CheckId, account: { guid: string; sid: string }, detail: string): string {
  const id = account.guid !== '' ? account.guid.toLowerCase() : account.sid.toUpperCase();
  return `${checkId}:${id}:${detail}`;
}
