import type { Client, SearchOptions, SearchResult } from 'ldapts';
import { anyObjectFilter, computersFilter } from '../../src/directory/filters';
import { DEFAULT_PAGE_SIZE, pagedSearch } from '../../src/directory/paged-search';
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
