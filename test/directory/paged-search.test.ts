import type { Client, SearchOptions, SearchResult } from 'ldapts';
import { anyObjectFilter, computersFilter } from '../../src/directory/filters';
import { DEFAULT_PAGE_SIZE, pagedSearch, pagedSearchMapped } from '../../src/directory/paged-search';
import { SdFlagsControl } from '../../src/directory/sd-flags-control';

/** Records the options of each search and answers with two entries. */
function recordingClient(): { client: Pick<Client, 'search'>; calls: [string, SearchOptions | undefined][] } {
  const calls: [string, SearchOptions | undefined][] = [];
  const client: Pick<Client, 'search'> = {
    search: (base, options) => {
      calls.push([String(base), options]);
      const result: SearchResult = {
        searchEntries: [
          { dn: 'CN=SRV01,DC=x', cn: 'SRV01' },
          { dn: 'CN=SRV02,DC=x', CN: ['SRV02'] },
        ],
        searchReferences: ['ldaps://corp.example.test/CN=Configuration,DC=x'],
      };
      return Promise.resolve(result);
    },
  };
  return { client, calls };
}

describe('pagedSearch', () => {
  it('pages subtree searches, asks for binary attributes as buffers, and normalises entries', async () => {
    const { client, calls } = recordingClient();
    const entries = await pagedSearch(client, {
      baseDn: 'DC=x',
      scope: 'sub',
      filter: computersFilter(),
      attributes: ['cn', 'objectSid'],
      binaryAttributes: ['objectSid'],
    });
    expect(calls).toEqual([
      [
        'DC=x',
        expect.objectContaining({
          scope: 'sub',
          attributes: ['cn', 'objectSid'],
          explicitBufferAttributes: ['objectSid'],
          paged: { pageSize: DEFAULT_PAGE_SIZE },
        }),
      ],
    ]);
    expect(entries.map((e) => [e.dn, e.string('cn')])).toEqual([
      ['CN=SRV01,DC=x', 'SRV01'],
      ['CN=SRV02,DC=x', 'SRV02'],
    ]);
  });

  it('uses the given page size, and no paging for a base-scope read', async () => {
    const { client, calls } = recordingClient();
    await pagedSearch(client, { baseDn: 'DC=x', scope: 'one', filter: anyObjectFilter(), attributes: [] }, 7);
    await pagedSearch(client, {
      baseDn: 'CN=G,DC=x',
      scope: 'base',
      filter: anyObjectFilter(),
      attributes: ['member'],
    });
    expect(calls.map(([, options]) => options?.paged)).toEqual([{ pageSize: 7 }, false]);
  });

  it('sends request controls beside the paging control', async () => {
    const sent: unknown[] = [];
    const client: Pick<Client, 'search'> = {
      search: (_base, _options, controls) => {
        sent.push(controls);
        return Promise.resolve({ searchEntries: [], searchReferences: [] });
      },
    };
    const control = new SdFlagsControl();
    await pagedSearch(client, {
      baseDn: 'DC=x',
      scope: 'sub',
      filter: anyObjectFilter(),
      attributes: [],
      controls: [control],
    });
    expect(sent).toEqual([[control]]);
  });
});

describe('pagedSearchMapped', () => {
  /** Answers page by page, and records which pages were asked for before each mapping. */
  function pagingClient(pages: Record<string, unknown>[][]) {
    const log: string[] = [];
    const client: Pick<Client, 'search' | 'searchPaginated'> = {
      search: () => {
        log.push('search');
        return Promise.resolve({ searchEntries: [{ dn: 'CN=Base,DC=x', cn: 'Base' }], searchReferences: [] });
      },
      searchPaginated: async function* (_base, options, controls) {
        log.push(`paginated ${JSON.stringify(options?.paged)} ${controls === undefined ? 0 : 1}`);
        for (const [i, page] of pages.entries()) {
          log.push(`page ${i}`);
          await Promise.resolve();
          yield { searchEntries: page as SearchResult['searchEntries'], searchReferences: [] };
        }
      },
    };
    return { client, log };
  }

  it('maps each page as it arrives and keeps only what the mapping returns', async () => {
    const { client, log } = pagingClient([
      [
        { dn: 'CN=A,DC=x', cn: 'A' },
        { dn: 'CN=B,DC=x', cn: 'B' },
      ],
      [{ dn: 'CN=C,DC=x', CN: ['C'] }],
    ]);
    const kept = await pagedSearchMapped(
      client,
      { baseDn: 'DC=x', scope: 'sub', filter: computersFilter(), attributes: ['cn'] },
      (entries) => {
        log.push(`map ${entries.length}`);
        return entries.flatMap((e) => (e.string('cn') === 'B' ? [] : [e.string('cn')]));
      },
      7,
    );
    expect(kept).toEqual(['A', 'C']);
    // page 1 is mapped before page 2 is read: its raw entries need not outlive it
    expect(log).toEqual(['paginated {"pageSize":7} 0', 'page 0', 'map 2', 'page 1', 'map 1']);
  });

  it('passes request controls, and reads a base-scope search in one unpaged request', async () => {
    const { client, log } = pagingClient([[]]);
    await pagedSearchMapped(
      client,
      {
        baseDn: 'DC=x',
        scope: 'sub',
        filter: anyObjectFilter(),
        attributes: [],
        controls: [new SdFlagsControl()],
      },
      (entries) => entries,
    );
    const base = await pagedSearchMapped(
      client,
      { baseDn: 'CN=Base,DC=x', scope: 'base', filter: anyObjectFilter(), attributes: ['cn'] },
      (entries) => entries.map((e) => e.dn),
    );
    expect(base).toEqual(['CN=Base,DC=x']);
    expect(log).toEqual([`paginated {"pageSize":${DEFAULT_PAGE_SIZE}} 1`, 'page 0', 'search']);
  });
});
