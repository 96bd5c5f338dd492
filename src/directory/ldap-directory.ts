import { AndFilter } from 'ldapts';
import type { Client, Filter } from 'ldapts';
import type { Computer } from '../domain/computer';
import type { Directory } from '../domain/directory';
import { DirectoryError } from '../domain/directory-error';
import type { ServiceAccount, ServiceAccountKind } from '../domain/service-account';
import { dnKey } from '../domain/dn-key';
import { byName, compareNames } from '../domain/by-name';
import { chunks } from './chunks';
import {
  ALL_KINDS,
  anyObjectFilter,
  computerByHostFilter,
  computerByNameFilter,
  computersFilter,
  distinguishedNamesFilter,
  serviceAccountByNameFilter,
  serviceAccountsFilter,
} from './filters';
import type { LdapEntry } from './ldap-entry';
import {
  BINARY_ATTRIBUTES,
  COMPUTER_ATTRIBUTES,
  SERVICE_ACCOUNT_ATTRIBUTES,
  toComputer,
  toServiceAccount,
} from './map-entry';
import { DEFAULT_PAGE_SIZE, pagedSearch, pagedSearchMapped } from './paged-search';
import type { SearchRequest } from './paged-search';
import { readAllValues } from './ranged-attribute';
import { LdapConnection } from './ldap-connection';
import { GateRefusal } from '../limits/concurrency-gate';
import type { ConcurrencyGate } from '../limits/concurrency-gate';

export interface LdapDirectoryOptions {
  /** tried in order until one answers */
  urls: string[];
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** PEM of the CA that signed the DCs' certificates; null = the system's CAs. Verification is always on. */
  caCertPem: string | null;
  /** upgrade ldap:// URLs with StartTLS before binding */
  startTls: boolean;
  /** per LDAP request */
  timeoutMs: number;
  /**
   * per TCP/TLS connection; a whole attempt on one URL (connect, StartTLS, TLS handshake, bind) gets
   * connectTimeoutMs + timeoutMs, after which its sockets are destroyed and the next URL is tried
   */
  connectTimeoutMs: number;
  pageSize?: number;
  /**
   * Caps the searches running at once across every reader of this connection (LDAP_MAX_CONCURRENT);
   * a search it turns away fails with DirectoryError `busy` without reaching the directory.
   */
  gate?: ConcurrencyGate;
}

/** How many DNs go into one `(|(distinguishedName=…)…)` filter. */
const DNS_PER_SEARCH = 50;

/** Picks the match whose name equals `wanted` most directly (several objects may match one word). */
function best<T>(items: T[], keys: (item: T) => (string | null)[], wanted: string): T | null {
  const want = wanted.toLowerCase();
  const rank = (item: T): number => {
    const index = keys(item).findIndex((key) => key?.toLowerCase() === want);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...items].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/**
 * The Directory port over LDAP (AD or Samba). Binds lazily on first use and keeps one connection;
 * when a server does not answer it fails over to the next URL; after any connection-level failure
 * the connection is dropped so the next call reconnects.
 */
export class LdapDirectory implements Directory {
  private readonly ldap: LdapConnection;
  private readonly pageSize: number;
  private readonly options: { baseDn: string };
  private readonly gate: ConcurrencyGate | null;

  constructor(options: LdapDirectoryOptions) {
    if (options.urls.length === 0) throw new RangeError('LdapDirectory needs at least one URL');
    this.ldap = new LdapConnection(options);
    this.options = { baseDn: options.baseDn };
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.gate = options.gate ?? null;
  }

  async findComputer(host: string): Promise<Computer | null> {
    const name = host.trim();
    if (name === '') return null;
    const keys = (c: Computer): (string | null)[] => [c.samAccountName, c.name, c.dnsHostName];
    const read = async (filter: Filter): Promise<Computer[]> =>
      (await this.search(this.computerQuery(filter))).map(toComputer);
    // indexed attributes first; a DNS name by its first label, confirmed by dNSHostName; the
    // unindexed dNSHostName search (a scan of every computer) only when neither finds it
    const dot = name.indexOf('.');
    const byName = await read(computerByNameFilter(dot > 0 ? name.slice(0, dot) : name));
    const found = byName.filter((c) => keys(c).some((key) => key?.toLowerCase() === name.toLowerCase()));
    if (found.length > 0 || dot <= 0) return best(dot > 0 ? found : byName, keys, name);
    return best(await read(computerByHostFilter(name)), keys, name);
  }

  async listComputerNames(): Promise<string[]> {
    const entries = await this.search({
      baseDn: this.options.baseDn,
      scope: 'sub',
      filter: computersFilter(),
      attributes: ['cn'],
    });
    return entries
      .map((e) => e.string('cn'))
      .filter((name): name is string => name !== null)
      .sort(compareNames);
  }

  async findServiceAccount(name: string): Promise<ServiceAccount | null> {
    const text = name.trim();
    if (text === '') return null;
    const accounts = await this.serviceAccounts(serviceAccountByNameFilter(text));
    return best(
      accounts,
      (a) => [a.distinguishedName, a.samAccountName, a.name, a.samAccountName.replace(/\$$/, '')],
      text,
    );
  }

  async listServiceAccounts(kinds: readonly ServiceAccountKind[] = ALL_KINDS): Promise<ServiceAccount[]> {
    if (kinds.length === 0) return [];
    const accounts = await this.serviceAccounts(serviceAccountsFilter(kinds));
    return accounts.filter((a) => kinds.includes(a.kind)).sort(byName);
  }

  async getServiceAccountsByDn(dns: readonly string[]): Promise<ServiceAccount[]> {
    const found = new Map<string, ServiceAccount>();
    for (const chunk of chunks(dns, DNS_PER_SEARCH)) {
      const filter = new AndFilter({ filters: [serviceAccountsFilter(), distinguishedNamesFilter(chunk)] });
      for (const account of await this.serviceAccounts(filter))
        found.set(dnKey(account.distinguishedName), account);
    }
    return dns.flatMap((dn) => found.get(dnKey(dn)) ?? []);
  }

  async getComputersByDn(dns: readonly string[]): Promise<Computer[]> {
    const found = new Map<string, Computer>();
    for (const chunk of chunks(dns, DNS_PER_SEARCH)) {
      const filter = new AndFilter({ filters: [computersFilter(), distinguishedNamesFilter(chunk)] });
      for (const entry of await this.search(this.computerQuery(filter))) {
        const computer = toComputer(entry);
        found.set(dnKey(computer.distinguishedName), computer);
      }
    }
    return dns.flatMap((dn) => found.get(dnKey(dn)) ?? []);
  }

  /** Every member DN of a group, following AD's ranged retrieval when the group is large. */
  async listGroupMemberDns(groupDn: string): Promise<string[]> {
    const read = async (dn: string, attributes: string[]): Promise<LdapEntry | null> => {
      try {
        const [entry] = await this.search({
          baseDn: dn,
          scope: 'base',
          filter: anyObjectFilter(),
          attributes,
        });
        return entry ?? null;
      } catch (err) {
        if (err instanceof DirectoryError && err.reason === 'no-such-object') return null;
        throw err;
      }
    };
    const members = await readAllValues(read, groupDn, 'member');
    if (members === null) throw new DirectoryError('no-such-object', `no object ${groupDn}`);
    return members;
  }

  close(): Promise<void> {
    return this.ldap.close();
  }

  /** For /readyz: binds when needed and reads the domain's own entry; throws DirectoryError when it cannot. */
  async checkReady(): Promise<void> {
    await this.search({
      baseDn: this.options.baseDn,
      scope: 'base',
      filter: anyObjectFilter(),
      attributes: ['objectClass'],
    });
  }

  /** The naming context every search starts from. */
  get baseDn(): string {
    return this.options.baseDn;
  }

  /**
   * One paged search on the shared connection (same failover, timeouts and error mapping), for the
   * other readers in src/directory/ (LdapAuditSource) so there is one connection implementation.
   */
  searchEntries(request: SearchRequest): Promise<LdapEntry[]> {
    return this.search(request);
  }

  /**
   * The same search, each page mapped as it arrives (see pagedSearchMapped): for large reads, so the
   * raw entries of one page are held at a time, not all of them.
   */
  searchPages<T>(request: SearchRequest, mapPage: (entries: LdapEntry[]) => T[]): Promise<T[]> {
    return this.gated(`search ${request.baseDn}`, (client) =>
      pagedSearchMapped(client, request, mapPage, this.pageSize),
    );
  }

  // --- plumbing ----------------------------------------------------------------------------------

  private computerQuery(filter: Filter): SearchRequest {
    return {
      baseDn: this.options.baseDn,
      scope: 'sub',
      filter,
      attributes: COMPUTER_ATTRIBUTES,
      binaryAttributes: BINARY_ATTRIBUTES,
    };
  }

  /** page by page: `list sMSAs` reads thousands, and keeps the accounts, not their raw entries */
  private serviceAccounts(filter: Filter): Promise<ServiceAccount[]> {
    return this.searchPages(
      {
        baseDn: this.options.baseDn,
        scope: 'sub',
        filter,
        attributes: SERVICE_ACCOUNT_ATTRIBUTES,
        binaryAttributes: BINARY_ATTRIBUTES,
      },
      (entries) => entries.flatMap((entry) => toServiceAccount(entry) ?? []),
    );
  }

  private search(request: SearchRequest): Promise<LdapEntry[]> {
    return this.gated(`search ${request.baseDn}`, (client) => pagedSearch(client, request, this.pageSize));
  }

  /** Every read passes here, so the gate sees them all (the directory, the audit, access checks). */
  private async gated<T>(what: string, read: (client: Client) => Promise<T>): Promise<T> {
    const operation = (): Promise<T> => this.run(what, read);
    if (this.gate === null) return operation();
    try {
      return await this.gate.run(operation);
    } catch (error) {
      if (error instanceof GateRefusal)
        throw new DirectoryError('busy', `${what}: not started (${error.reason}: ${error.message})`);
      throw error;
    }
  }

  private run<T>(what: string, operation: (client: Client) => Promise<T>): Promise<T> {
    return this.ldap.run(what, operation);
  }
}
