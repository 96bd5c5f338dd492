import { connect as connectTcp, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { AndFilter, Client } from 'ldapts';
import type { Filter } from 'ldapts';
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
  computersFilter,
  distinguishedNamesFilter,
  serviceAccountByNameFilter,
  serviceAccountsFilter,
} from './filters';
import type { LdapEntry } from './ldap-entry';
import { isConnectionFailure, mapLdapError } from './map-ldap-error';
import {
  BINARY_ATTRIBUTES,
  COMPUTER_ATTRIBUTES,
  SERVICE_ACCOUNT_ATTRIBUTES,
  toComputer,
  toServiceAccount,
} from './map-entry';
import { DEFAULT_PAGE_SIZE, pagedSearch } from './paged-search';
import type { SearchRequest } from './paged-search';
import { readAllValues } from './ranged-attribute';
import { withDeadline } from './with-deadline';

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

/** When every URL failed: certificate trouble is the one an admin must fix, so it wins. */
function allFailed(failures: DirectoryError[]): DirectoryError {
  const message = `no directory server answered: ${failures.map((f) => f.message).join('; ')}`;
  if (failures.some((f) => f.reason === 'tls')) return new DirectoryError('tls', message);
  if (failures.length > 0 && failures.every((f) => f.reason === 'timeout'))
    return new DirectoryError('timeout', message);
  return new DirectoryError('unreachable', message);
}

/**
 * The Directory port over LDAP (AD or Samba). Binds lazily on first use and keeps one connection;
 * when a server does not answer it fails over to the next URL; after any connection-level failure
 * the connection is dropped so the next call reconnects.
 */
export class LdapDirectory implements Directory {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly pageSize: number;
  private readonly options: Omit<LdapDirectoryOptions, 'bindPassword'>;
  /** A #private field: util.inspect and JSON.stringify of the directory never show it. */
  readonly #bindPassword: string;

  constructor(options: LdapDirectoryOptions) {
    if (options.urls.length === 0) throw new RangeError('LdapDirectory needs at least one URL');
    const { bindPassword, ...rest } = options;
    this.options = { ...rest, urls: [...rest.urls] };
    this.#bindPassword = bindPassword;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  async findComputer(host: string): Promise<Computer | null> {
    const name = host.trim();
    if (name === '') return null;
    const computers = (await this.search(this.computerQuery(computerByHostFilter(name)))).map(toComputer);
    return best(computers, (c) => [c.samAccountName, c.name, c.dnsHostName], name);
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

  async close(): Promise<void> {
    // A bind still in flight would otherwise leave a connection behind after close().
    if (this.connecting !== null) await this.connecting.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client !== null) await client.unbind().catch(() => undefined);
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

  private async serviceAccounts(filter: Filter): Promise<ServiceAccount[]> {
    const entries = await this.search({
      baseDn: this.options.baseDn,
      scope: 'sub',
      filter,
      attributes: SERVICE_ACCOUNT_ATTRIBUTES,
      binaryAttributes: BINARY_ATTRIBUTES,
    });
    return entries.flatMap((entry) => toServiceAccount(entry) ?? []);
  }

  private search(request: SearchRequest): Promise<LdapEntry[]> {
    return this.run(`search ${request.baseDn}`, (client) => pagedSearch(client, request, this.pageSize));
  }

  /**
   * Runs one operation on the shared connection. A connection the server closed while idle gets one
   * fresh attempt (reads are idempotent); a timeout does not: the user has already waited.
   */
  private async run<T>(what: string, operation: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.connection();
      try {
        return await operation(client);
      } catch (err) {
        const error = mapLdapError(err, what);
        if (isConnectionFailure(error.reason)) this.drop(client);
        if (error.reason !== 'unreachable' || attempt > 0) throw error;
      }
    }
  }

  private async connection(): Promise<Client> {
    if (this.client !== null) {
      if (this.client.isBound) return this.client;
      this.drop(this.client);
    }
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    if (this.#bindPassword === '') {
      // An empty password turns a simple bind into an anonymous one on many servers.
      throw new DirectoryError('bind-failed', `no password configured for ${this.options.bindDn}`);
    }
    const failures: DirectoryError[] = [];
    for (const url of this.options.urls) {
      let client: Client | null = null;
      // every socket ldapts opens for this attempt, so a stalled attempt can be cut for sure
      const sockets = new Set<Socket>();
      const track = <S extends Socket>(socket: S): S => {
        sockets.add(socket);
        return socket;
      };
      try {
        const secure = url.toLowerCase().startsWith('ldaps://');
        client = new Client({
          url,
          timeout: this.options.timeoutMs,
          connectTimeout: this.options.connectTimeoutMs,
          // ldapts speaks TLS from the first byte whenever tlsOptions is set, so only for ldaps://.
          ...(secure ? { tlsOptions: this.tlsOptions() } : {}),
          createConnection: ((port: number, host: string) =>
            track(connectTcp(port, host))) as typeof connectTcp,
          createSecureConnection: ((
            portOrOptions: number | ConnectionOptions,
            host?: string,
            options?: ConnectionOptions,
          ): TLSSocket =>
            track(
              typeof portOrOptions === 'number'
                ? connectTls(portOrOptions, host, options)
                : connectTls(portOrOptions),
            )) as typeof connectTls,
        });
        const attempt = client;
        // ldapts times out each request, but not the TLS handshake after a StartTLS answer: a server
        // that answers StartTLS and goes silent would hold the shared connection promise forever.
        const deadlineMs = this.options.connectTimeoutMs + this.options.timeoutMs;
        await withDeadline(
          (async () => {
            if (!secure && this.options.startTls) {
              await attempt.startTLS(this.tlsOptions(new URL(url).hostname.replace(/^\[|\]$/g, '')));
            }
            await attempt.bind(this.options.bindDn, this.#bindPassword);
          })(),
          deadlineMs,
          () => sockets.forEach((socket) => socket.destroy()),
          () => new DirectoryError('timeout', `${url}: no connection and bind within ${deadlineMs} ms`),
        );
        this.client = client;
        return client;
      } catch (err) {
        if (client !== null) this.drop(client);
        const error = mapLdapError(err, url);
        if (error.reason === 'bind-failed') {
          throw new DirectoryError(
            'bind-failed',
            `bind as ${this.options.bindDn} refused (${error.message})`,
            error.resultCode,
          );
        }
        // Only "this server did not answer" moves on to the next URL; any other answer is the answer.
        if (!isConnectionFailure(error.reason)) throw error;
        failures.push(error);
      }
    }
    throw allFailed(failures);
  }

  /** TLS settings; `host` is given for StartTLS, where the socket already exists and the name must be checked. */
  private tlsOptions(host?: string): ConnectionOptions {
    const options: ConnectionOptions = { minVersion: 'TLSv1.2' };
    if (this.options.caCertPem !== null) options.ca = [this.options.caCertPem];
    if (host !== undefined) {
      options.host = host;
      if (isIP(host) === 0) options.servername = host;
    }
    return options;
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = null;
    client.unbind().catch(() => undefined);
  }
}
