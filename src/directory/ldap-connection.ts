import { connect as connectTcp, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { Client } from 'ldapts';
import { DirectoryError } from '../domain/directory-error';
import { isConnectionFailure, mapLdapError } from './map-ldap-error';
import { withDeadline } from './with-deadline';

export interface LdapConnectionOptions {
  /** tried in order until one answers */
  urls: string[];
  bindDn: string;
  bindPassword: string;
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
 * One bound LDAP connection shared by its callers (the read directory, the fixer's writer): bound
 * lazily, failover across URLs, one deadline over connect + StartTLS + bind, dropped after any
 * connection-level failure so the next call reconnects.
 */
export class LdapConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly options: Omit<LdapConnectionOptions, 'bindPassword'>;
  /** A #private field: util.inspect and JSON.stringify never show it. */
  readonly #bindPassword: string;

  constructor(options: LdapConnectionOptions) {
    if (options.urls.length === 0) throw new RangeError('an LDAP connection needs at least one URL');
    const { bindPassword, ...rest } = options;
    this.options = { ...rest, urls: [...rest.urls] };
    this.#bindPassword = bindPassword;
  }

  /**
   * Runs one operation on the shared connection. A connection the server closed while idle gets one
   * fresh attempt (reads are idempotent); a timeout does not: the user has already waited.
   */
  async run<T>(
    what: string,
    operation: (client: Client) => Promise<T>,
    retry: 'once-if-dropped' | 'never' = 'once-if-dropped',
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.connection();
      try {
        return await operation(client);
      } catch (err) {
        const error = mapLdapError(err, what);
        if (isConnectionFailure(error.reason)) this.drop(client);
        if (retry === 'never' || error.reason !== 'unreachable' || attempt > 0) throw error;
      }
    }
  }

  async close(): Promise<void> {
    // A bind still in flight would otherwise leave a connection behind after close().
    if (this.connecting !== null) await this.connecting.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client !== null) await client.unbind().catch(() => undefined);
  }

  /** The bound client, connecting (or reconnecting) first when needed. */
  async connection(): Promise<Client> {
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

  /** Forgets a connection that failed, so the next call reconnects. */
  drop(client: Client): void {
    if (this.client === client) this.client = null;
    client.unbind().catch(() => undefined);
  }
}
