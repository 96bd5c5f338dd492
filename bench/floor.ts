/**
 * Issue #12's floor, written by hand: "a bare paged ldapts search over one connection fetching the
 * same objects and attributes the answer needs". Each method reads what one answer reads (the objects
 * and attributes its recorded searches show, see search-probe.cjs) in as few searches as the data's
 * dependencies allow: a whole kind in one paged search, objects named by reference (DN, SID, SPN)
 * REFS_PER_SEARCH to a filter, independent reads at the same time, a nesting level of groups per
 * round. Unlike the replay (search-floor.ts), its searches are its own, not the bot's, so an
 * answer far above it spends its time on how it reads, not on what.
 */
import { readFileSync } from 'node:fs';
import { AndFilter, Client, EqualityFilter, OrFilter, type Control, type Entry, type Filter } from 'ldapts';
import {
  BINARY_ATTRIBUTES,
  COMPUTER_ATTRIBUTES,
  SERVICE_ACCOUNT_ATTRIBUTES,
} from '../src/directory/map-entry';
import {
  computerByNameFilter,
  computersFilter,
  distinguishedNamesFilter,
  serviceAccountByNameFilter,
  serviceAccountsFilter,
} from '../src/directory/filters';
import { objectSidsFilter, servicePrincipalNamesFilter } from '../src/directory/audit-filters';
import { chunks } from '../src/directory/chunks';
import { isBroadGroup } from '../src/directory/read-memberships';
import {
  PRINCIPAL_ATTRIBUTES,
  PRINCIPAL_BINARY_ATTRIBUTES,
  isDirectorySid,
  principalKind,
} from '../src/directory/resolve-principals';
import { SdFlagsControl } from '../src/directory/sd-flags-control';
import {
  allowedTrusteeSids,
  parseSecurityDescriptor,
  trusteeSids,
} from '../src/directory/security-descriptor';
import { sidToBytes, sidToString } from '../src/directory/sid';
import { dnKey } from '../src/domain/dn-key';
import type { ServiceAccountKind } from '../src/domain/service-account';
import { domainSidOf } from '../src/domain/well-known-sids';

// What LdapAuditSource reads (src/directory/ldap-audit-source.ts keeps these private): copied, and
// checked against the bot's recorded searches by the smoke (test/bench/scale.e2e.test.ts).
export const DESCRIPTOR_ATTRIBUTES = [
  'nTSecurityDescriptor',
  'msDS-AllowedToActOnBehalfOfOtherIdentity',
  'msDS-GroupMSAMembership',
];
export const ACCOUNT_ATTRIBUTES = [...SERVICE_ACCOUNT_ATTRIBUTES, 'primaryGroupID', ...DESCRIPTOR_ATTRIBUTES];
export const GROUP_ATTRIBUTES = ['objectSid', 'sAMAccountName', 'cn', 'memberOf'];
export const SPN_HOLDER_ATTRIBUTES = ['sAMAccountName', 'cn', 'servicePrincipalName'];
const ACCOUNT_BINARY = [...BINARY_ATTRIBUTES, ...DESCRIPTOR_ATTRIBUTES];
const MEMBERSHIP_ACCOUNT_ATTRIBUTES = [...SERVICE_ACCOUNT_ATTRIBUTES, 'primaryGroupID'];

/**
 * Values to one `(|…)` filter. Not more: at the msa size (5,500 MSAs) the audit floor took 12.5 s
 * with 1,000 to a filter (19 searches) against 3.5 s for the bot's own 228 searches of 50 replayed:
 * Samba evaluates a large OR filter far slower than several small ones. BENCH_FLOOR_REFS to compare.
 */
const REFS_PER_SEARCH = Number(process.env.BENCH_FLOOR_REFS ?? 50);

/** AD's MaxPageSize */
const PAGE_SIZE = 1000;
/**
 * Searches in flight on the connection at once: Samba refuses more concurrent paged searches than
 * a few on one connection (`dsdb_paged_results: Unwilling to perform`, seen at the msa size with
 * every batch at once); 4 is what the bot allows per kind.
 */
const IN_FLIGHT = 4;

/** What one floor read: searches made, entries returned, every attribute asked for (sorted). */
export interface FloorRead {
  searches: number;
  entries: number;
  attributes: string[];
}

const strings = (entry: Entry, attribute: string): string[] =>
  ([] as unknown[]).concat(entry[attribute] ?? []).filter((v): v is string => typeof v === 'string');
const buffers = (entry: Entry, attribute: string): Buffer[] =>
  ([] as unknown[]).concat(entry[attribute] ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
const sidOf = (entry: Entry): string | null => {
  const [bytes] = buffers(entry, 'objectSid');
  return bytes === undefined ? null : sidToString(bytes);
};
const upper = (s: string): string => s.toUpperCase();

/** The primary group's SID (domain SID + primaryGroupID): memberOf leaves it out. */
function primaryGroupSid(entry: Entry): string | null {
  const sid = sidOf(entry);
  const [id] = strings(entry, 'primaryGroupID');
  const domain = sid === null ? null : domainSidOf(sid);
  return id === undefined || domain === null ? null : `${domain}-${id}`;
}

/** Every SID an account's descriptors name, and those msDS-GroupMSAMembership allows (the readers). */
function descriptorSids(entry: Entry): { all: string[]; readers: string[] } {
  const parse = (attribute: string): ReturnType<typeof parseSecurityDescriptor> | null => {
    const [bytes] = buffers(entry, attribute);
    return bytes === undefined ? null : parseSecurityDescriptor(bytes);
  };
  const sd = parse('nTSecurityDescriptor');
  const rbcd = parse('msDS-AllowedToActOnBehalfOfOtherIdentity');
  const gmsa = parse('msDS-GroupMSAMembership');
  const readers = gmsa === null ? [] : allowedTrusteeSids(gmsa);
  return {
    all: [
      ...(sd === null ? [] : trusteeSids(sd)),
      ...(rbcd === null ? [] : allowedTrusteeSids(rbcd)),
      ...readers,
    ],
    readers,
  };
}

export class Floor {
  private searches = 0;
  private entries = 0;
  private attributes = new Set<string>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  private constructor(
    private readonly client: Client,
    private readonly baseDn: string,
  ) {}

  static async open(env: Record<string, string>): Promise<Floor> {
    const client = new Client({
      url: (env.LDAP_URL ?? '').split(',')[0] ?? '',
      timeout: 300_000,
      tlsOptions: { ca: [readFileSync(env.LDAP_CA_CERT ?? '', 'utf8')] },
    });
    await client.bind(env.LDAP_BIND_DN ?? '', env.LDAP_BIND_PASSWORD ?? '');
    return new Floor(client, env.LDAP_BASE_DN ?? '');
  }

  /** What was read since the last call. */
  take(): FloorRead {
    const read = { searches: this.searches, entries: this.entries, attributes: [...this.attributes].sort() };
    this.searches = 0;
    this.entries = 0;
    this.attributes = new Set();
    return read;
  }

  /** find sMSAs on HOST: the computer by its indexed names, then its MSAs by DN */
  async findHost(host: string): Promise<void> {
    const [computer] = await this.search(computerByNameFilter(host), COMPUTER_ATTRIBUTES);
    const dns = computer === undefined ? [] : strings(computer, 'msDS-HostServiceAccount');
    await this.byRefs(dns, (batch) =>
      this.search(
        new AndFilter({ filters: [serviceAccountsFilter(), distinguishedNamesFilter(batch)] }),
        SERVICE_ACCOUNT_ATTRIBUTES,
      ),
    );
  }

  /**
   * show ACCOUNT: the account with its descriptors (one search by name), its tokenGroups (readable
   * on a base read only), then together its hosts, the trustees its descriptors name, the holders of
   * its SPNs and its groups (by SID and DN, upwards), then the trustees' groups and the members of
   * the groups allowed its gMSA password.
   */
  async showAccount(name: string): Promise<void> {
    const [account] = await this.search(
      serviceAccountByNameFilter(name),
      ACCOUNT_ATTRIBUTES,
      ACCOUNT_BINARY,
      [new SdFlagsControl()],
    );
    if (account === undefined) return;
    const [tokens] = await this.search(serviceAccountsFilter(), ['tokenGroups'], ['tokenGroups'], [], {
      base: account.dn,
      scope: 'base',
    });
    const tokenSids = tokens === undefined ? [] : buffers(tokens, 'tokenGroups').map((b) => sidToString(b));
    await this.accountsReach([account], tokenSids);
  }

  /** list sMSAs: every MSA of the kinds asked, with the list's attributes (it counts all, shows a page) */
  async listAccounts(kinds: readonly ServiceAccountKind[]): Promise<void> {
    await this.search(serviceAccountsFilter(kinds), SERVICE_ACCOUNT_ATTRIBUTES);
  }

  /** audit privileged sMSAs: every MSA with its groups and primary group, then its groups upwards */
  async privileged(): Promise<void> {
    const accounts = await this.search(serviceAccountsFilter(), MEMBERSHIP_ACCOUNT_ATTRIBUTES);
    await new GroupWalk(this).up(
      accounts.flatMap((a) => strings(a, 'memberOf')),
      accounts.flatMap((a) => primaryGroupSid(a) ?? []),
    );
  }

  /** audit sMSAs (and the digest): every MSA with its descriptors, then all that show reads, for all */
  async audit(): Promise<void> {
    const accounts = await this.search(serviceAccountsFilter(), ACCOUNT_ATTRIBUTES, ACCOUNT_BINARY, [
      new SdFlagsControl(),
    ]);
    await this.accountsReach(accounts, []);
  }

  close(): Promise<void> {
    return this.client.unbind();
  }

  /** What the audit reads beyond the accounts themselves (LdapAuditSource.readAccountFacts). */
  private async accountsReach(accounts: Entry[], tokenSids: string[]): Promise<void> {
    const groups = new GroupWalk(this);
    const sids = accounts.map(descriptorSids);
    const uniqueBy = (values: string[], key: (v: string) => string): string[] => [
      ...new Map(values.map((v) => [key(v), v])).values(),
    ];
    const [, trustees] = await Promise.all([
      this.byRefs(
        uniqueBy(
          accounts.flatMap((a) => strings(a, 'msDS-HostServiceAccountBL')),
          dnKey,
        ),
        (batch) =>
          this.search(
            new AndFilter({ filters: [computersFilter(), distinguishedNamesFilter(batch)] }),
            COMPUTER_ATTRIBUTES,
          ),
      ),
      this.byRefs(
        uniqueBy(
          sids.flatMap((s) => s.all),
          upper,
        ).filter(isDirectorySid),
        (batch) => this.search(objectSidsFilter(batch), PRINCIPAL_ATTRIBUTES, PRINCIPAL_BINARY_ATTRIBUTES),
      ),
      this.byRefs(
        uniqueBy(
          accounts.flatMap((a) => strings(a, 'servicePrincipalName')),
          (spn) => spn.toLowerCase(),
        ),
        (batch) => this.search(servicePrincipalNamesFilter(batch), SPN_HOLDER_ATTRIBUTES, []),
      ),
      groups.up(
        accounts.flatMap((a) => strings(a, 'memberOf')),
        [...accounts.flatMap((a) => primaryGroupSid(a) ?? []), ...tokenSids],
      ),
    ]);
    const bySid = new Map(trustees.flatMap((t) => [[upper(sidOf(t) ?? ''), t] as const]));
    const readerGroups = uniqueBy(
      sids.flatMap((s) => s.readers),
      upper,
    ).flatMap((sid) => bySid.get(upper(sid)) ?? []);
    const [members] = await Promise.all([
      this.membersDown(readerGroups),
      groups.up(
        trustees.flatMap((t) => strings(t, 'memberOf')),
        trustees.flatMap((t) => primaryGroupSid(t) ?? []),
      ),
    ]);
    await groups.up(
      members.flatMap((m) => strings(m, 'memberOf')),
      members.flatMap((m) => primaryGroupSid(m) ?? []),
    );
  }

  /**
   * The members of these groups and of the groups among them, a level per round, by DN (Domain
   * Users and the like not expanded, as read-memberships.ts does). Ranged `member` values are not
   * followed: the bench's groups are below Samba's range size.
   */
  private async membersDown(groups: Entry[]): Promise<Entry[]> {
    const isGroup = (e: Entry): boolean => principalKind(strings(e, 'objectClass')) === 'group';
    const expandable = (e: Entry): boolean => isGroup(e) && !isBroadGroup(sidOf(e) ?? '');
    const seen = new Set<string>();
    const members: Entry[] = [];
    let frontier = await this.byRefs(
      groups.filter(expandable).map((g) => g.dn),
      (batch) =>
        this.search(
          distinguishedNamesFilter(batch),
          [...PRINCIPAL_ATTRIBUTES, 'member'],
          PRINCIPAL_BINARY_ATTRIBUTES,
        ),
    );
    for (const g of frontier) seen.add(dnKey(g.dn));
    while (frontier.length > 0) {
      const dns = frontier.flatMap((g) => strings(g, 'member')).filter((dn) => !seen.has(dnKey(dn)));
      for (const dn of dns) seen.add(dnKey(dn));
      const read = await this.byRefs([...new Map(dns.map((dn) => [dnKey(dn), dn])).values()], (batch) =>
        this.search(
          distinguishedNamesFilter(batch),
          [...PRINCIPAL_ATTRIBUTES, 'member'],
          PRINCIPAL_BINARY_ATTRIBUTES,
        ),
      );
      members.push(...read);
      frontier = read.filter(expandable);
    }
    return members;
  }

  /** One search per REFS_PER_SEARCH references, all at once on the one connection. */
  async byRefs(refs: string[], read: (batch: string[]) => Promise<Entry[]>): Promise<Entry[]> {
    return (await Promise.all(chunks(refs, REFS_PER_SEARCH).map(read))).flat();
  }

  async search(
    filter: Filter,
    attributes: string[],
    binary: string[] = BINARY_ATTRIBUTES,
    controls: Control[] = [],
    where: { base?: string; scope?: 'base' | 'sub' } = {},
  ): Promise<Entry[]> {
    const scope = where.scope ?? 'sub';
    const options = {
      scope,
      filter,
      attributes,
      explicitBufferAttributes: binary,
      paged: scope === 'base' ? (false as const) : { pageSize: PAGE_SIZE },
    };
    const base = where.base ?? this.baseDn;
    this.searches++;
    for (const a of attributes) this.attributes.add(a);
    while (this.running >= IN_FLIGHT) await new Promise<void>((resume) => this.waiting.push(resume));
    this.running++;
    try {
      const { searchEntries } =
        controls.length > 0
          ? await this.client.search(base, options, controls)
          : await this.client.search(base, options);
      this.entries += searchEntries.length;
      return searchEntries;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Groups upwards from DNs and SIDs, a nesting level per round, each group read once per answer. */
class GroupWalk {
  private readonly known = new Set<string>();

  constructor(private readonly floor: Floor) {}

  async up(dns: string[], sids: string[]): Promise<void> {
    let wantDns = this.unknown(
      dns.map((dn) => `dn:${dnKey(dn)}`),
      dns,
    );
    let wantSids = this.unknown(
      sids.map((sid) => `sid:${upper(sid)}`),
      sids,
    );
    while (wantDns.length > 0 || wantSids.length > 0) {
      const refs = [...wantDns.map((dn) => ({ dn })), ...wantSids.map((sid) => ({ sid }))];
      const found = (
        await Promise.all(
          chunks(refs, REFS_PER_SEARCH).map((batch) =>
            this.floor.search(
              new AndFilter({
                filters: [
                  new EqualityFilter({ attribute: 'objectClass', value: 'group' }),
                  new OrFilter({
                    filters: batch.map((r) =>
                      'dn' in r
                        ? new EqualityFilter({ attribute: 'distinguishedName', value: r.dn })
                        : new EqualityFilter({ attribute: 'objectSid', value: sidToBytes(r.sid) }),
                    ),
                  }),
                ],
              }),
              GROUP_ATTRIBUTES,
              PRINCIPAL_BINARY_ATTRIBUTES,
            ),
          ),
        )
      ).flat();
      for (const g of found) {
        this.known.add(`dn:${dnKey(g.dn)}`);
        const sid = sidOf(g);
        if (sid !== null) this.known.add(`sid:${upper(sid)}`);
      }
      const next = found.flatMap((g) => strings(g, 'memberOf'));
      wantDns = this.unknown(
        next.map((dn) => `dn:${dnKey(dn)}`),
        next,
      );
      wantSids = [];
    }
  }

  /** the values whose keys were neither read nor asked for yet; they count as asked from now on */
  private unknown(keys: string[], values: string[]): string[] {
    const out: string[] = [];
    keys.forEach((key, i) => {
      if (this.known.has(key)) return;
      this.known.add(key);
      out.push(values[i] ?? '');
    });
    return out;
  }
}
