import type { Client, Control, Filter, SearchOptions } from 'ldapts';
import { LdapEntry } from './ldap-entry';

/** AD's MaxPageSize is 1000; 500 keeps each response small. */
export const DEFAULT_PAGE_SIZE = 500;

export interface SearchRequest {
  baseDn: string;
  scope: 'base' | 'one' | 'sub';
  filter: Filter;
  attributes: string[];
  binaryAttributes?: string[];
  /** request controls besides paging, e.g. the SD-flags control for nTSecurityDescriptor */
  controls?: Control[];
}

/**
 * One search, paged with the simple paged results control (RFC 2696) so AD's size limit never cuts
 * it short; ldapts follows the cookie until the last page. Referrals (AD returns them for the
 * Configuration partition) are ignored: the product reads one domain.
 */
export async function pagedSearch(
  client: Pick<Client, 'search'>,
  request: SearchRequest,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<LdapEntry[]> {
  const options: SearchOptions = {
    scope: request.scope,
    filter: request.filter,
    attributes: request.attributes,
    explicitBufferAttributes: request.binaryAttributes ?? [],
    paged: request.scope === 'base' ? false : { pageSize },
  };
  const result =
    request.controls === undefined
      ? await client.search(request.baseDn, options)
      : await client.search(request.baseDn, options, request.controls);
  return result.searchEntries.map((entry) => new LdapEntry(entry));
}
