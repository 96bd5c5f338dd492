import type { Client, Control, Filter, SearchOptions } from 'ldapts';
import { LdapEntry } from './ldap-entry';

function searchOptions(request: SearchRequest, pageSize: number): SearchOptions {
  return {
    scope: request.scope,
    filter: request.filter,
    attributes: request.attributes,
    explicitBufferAttributes: request.binaryAttributes ?? [],
    paged: request.scope === 'base' ? false : { pageSize },
  };
}

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
  const options = searchOptions(request, pageSize);
  const result =
    request.controls === undefined
      ? await client.search(request.baseDn, options)
      : await client.search(request.baseDn, options, request.controls);
  return result.searchEntries.map((entry) => new LdapEntry(entry));
}

/**
 * The same search, page by page: each page's entries go through `mapPage` as the page arrives and
 * only what it returns is kept. A large read (thousands of accounts with their descriptors as
 * Buffers) then holds one page of raw entries at a time, not every page until the last. `mapPage`
 * must be pure: a search the connection retries starts again from the first page.
 */
export async function pagedSearchMapped<T>(
  client: Pick<Client, 'search' | 'searchPaginated'>,
  request: SearchRequest,
  mapPage: (entries: LdapEntry[]) => T[],
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<T[]> {
  if (request.scope === 'base') return mapPage(await pagedSearch(client, request, pageSize));
  const options = searchOptions(request, pageSize);
  const pages =
    request.controls === undefined
      ? client.searchPaginated(request.baseDn, options)
      : client.searchPaginated(request.baseDn, options, request.controls);
  const kept: T[] = [];
  for await (const page of pages)
    for (const item of mapPage(page.searchEntries.map((entry) => new LdapEntry(entry)))) kept.push(item);
  return kept;
}
