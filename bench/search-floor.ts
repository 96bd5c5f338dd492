/**
 * An answer's LDAP floor: the very searches the bot made for it (recorded by search-probe.cjs in the
 * bot's process), made again as bare ldapts searches over one connection of the bench's own: the same
 * bases, scopes, filters, attributes, binary attributes, controls and page sizes, nothing else.
 * Searches the bot had in flight together are made together (a search starts once every search that
 * had ended before it started in the recording has ended), so the floor keeps the answer's
 * parallelism and drops only its work between and around the searches. A floor written by hand
 * drifts from the code (the `show` floor read the account and its hosts while the answer also read
 * tokenGroups, the groups by SID and the descriptors' trustees); a replay cannot.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  Client,
  Filter,
  SearchFilter,
  type BerWriter,
  type Control,
  type SearchFilterValues,
  type SearchOptions,
} from 'ldapts';
import { SdFlagsControl } from '../src/directory/sd-flags-control';

/** One search as search-probe.cjs writes it. */
export interface RecordedSearch {
  /** performance.now() in the bot's process when the search started and when its last page came */
  start: number;
  end: number;
  base: string;
  scope: 'base' | 'one' | 'sub';
  /** the filter as text, to read */
  filter: string;
  /** the filter as the bot sent it (BER, base64), to replay */
  filterBer: string;
  attributes: string[];
  binary: string[];
  controls: { type: string; flags: number | null }[];
  /** 0: not paged */
  pageSize: number;
  /** entries the bot got; -1 when the search failed */
  entries: number;
}

const SD_FLAGS_OID = '1.2.840.113556.1.4.801';

/** A filter sent as the bytes recorded: the text form would not carry binary values (objectSid). */
class RecordedFilter extends Filter {
  readonly type: SearchFilterValues;
  private readonly content: Buffer;

  constructor(
    ber: Buffer,
    private readonly text: string,
  ) {
    super();
    // tag, then the length: short form, or 0x80 | the number of length bytes that follow
    const first = ber[1] ?? 0;
    const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
    const tag = Object.values(SearchFilter).find((t) => t === ber[0]);
    if (tag === undefined) throw new Error(`not an LDAP filter: tag ${ber[0]}`);
    this.type = tag;
    this.content = ber.subarray(header);
  }

  override write(writer: BerWriter): void {
    writer.writeBuffer(this.content, this.type);
  }

  toString(): string {
    return this.text;
  }
}

/** The searches recorded since the log was last taken, in the order they started; the log is emptied. */
export function takeSearches(logFile: string): RecordedSearch[] {
  if (!existsSync(logFile)) return [];
  const text = readFileSync(logFile, 'utf8');
  writeFileSync(logFile, '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RecordedSearch)
    .sort((a, b) => a.start - b.start);
}

function controlOf(recorded: RecordedSearch['controls'][number]): Control {
  if (recorded.type === SD_FLAGS_OID) return new SdFlagsControl(recorded.flags ?? undefined);
  throw new Error(`the floor cannot replay the control ${recorded.type}`);
}

export class SearchFloor {
  private constructor(private readonly client: Client) {}

  static async open(options: {
    url: string;
    caCertPem: string;
    bindDn: string;
    bindPassword: string;
  }): Promise<SearchFloor> {
    const client = new Client({
      url: options.url,
      timeout: 300_000,
      tlsOptions: { ca: [options.caCertPem] },
    });
    await client.bind(options.bindDn, options.bindPassword);
    return new SearchFloor(client);
  }

  /** Makes the recorded searches again with the recorded overlap; resolves to the entries read. */
  async replay(searches: readonly RecordedSearch[]): Promise<number> {
    const done: Promise<number>[] = [];
    for (const [i, s] of searches.entries()) {
      const before = searches.flatMap((other, j) => (j < i && other.end <= s.start ? [done[j]!] : []));
      done.push(Promise.all(before).then(() => this.search(s)));
    }
    return (await Promise.all(done)).reduce((a, b) => a + b, 0);
  }

  private async search(s: RecordedSearch): Promise<number> {
    const options: SearchOptions = {
      scope: s.scope,
      filter: new RecordedFilter(Buffer.from(s.filterBer, 'base64'), s.filter),
      attributes: s.attributes,
      explicitBufferAttributes: s.binary,
      paged: s.pageSize > 0 ? { pageSize: s.pageSize } : false,
    };
    const controls = s.controls.map(controlOf);
    try {
      const { searchEntries } =
        controls.length > 0
          ? await this.client.search(s.base, options, controls)
          : await this.client.search(s.base, options);
      return searchEntries.length;
    } catch (error) {
      if (s.entries < 0) return 0; // it failed for the bot too (say, a base that does not exist)
      throw error;
    }
  }

  close(): Promise<void> {
    return this.client.unbind();
  }
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Searches, entries, the slowest search and each search in a line, of one answer: for the results. */
export function searchesSummary(searches: readonly RecordedSearch[]): {
  searches: number;
  entries: number;
  slowest: { ms: number; base: string; filter: string; entries: number } | null;
  /** "12.3 ms, 4 entries, sub DC=…: (filter)", in the order they started */
  list: string[];
} {
  const ms = (s: RecordedSearch): number => Math.round((s.end - s.start) * 10) / 10;
  let slowest: RecordedSearch | null = null;
  for (const s of searches) if (slowest === null || ms(s) > ms(slowest)) slowest = s;
  return {
    searches: searches.length,
    entries: searches.reduce((n, s) => n + Math.max(0, s.entries), 0),
    slowest:
      slowest === null
        ? null
        : {
            ms: ms(slowest),
            base: slowest.base,
            filter: clip(slowest.filter, 200),
            entries: slowest.entries,
          },
    list: searches.map(
      (s) => `${ms(s)} ms, ${s.entries} entries, ${s.scope} ${clip(s.base, 80)}: ${clip(s.filter, 160)}`,
    ),
  };
}
