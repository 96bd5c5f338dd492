/** The typed configuration built by loadConfig(env); the only place settings come from. */
export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface BotAuthConfig {
  /** empty → anonymous mode: no Bot Framework authentication, for local clients only */
  appId: string;
  appPassword: string;
  appTenantId: string;
  appType: MicrosoftAppType;
}

export interface LdapConfig {
  /** tried in order */
  urls: string[];
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** path of a PEM file with the CA certificate(s); null → the system CAs (verification stays on) */
  caCertPath: string | null;
  /** upgrade ldap:// connections with StartTLS */
  startTls: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
}

export type StoreConfig = { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; databaseUrl: string };

export interface Config {
  port: number;
  /** interface to listen on; loopback by default in anonymous mode */
  host: string;
  bot: BotAuthConfig;
  ldap: LdapConfig;
  /** null → any tenant; otherwise only these (lower-case) tenant ids */
  allowedTenantIds: string[] | null;
  store: StoreConfig;
  logLevel: LogLevel;
}

/** true when the bot accepts unauthenticated requests (no MicrosoftAppId). */
export function isAnonymous(bot: BotAuthConfig): boolean {
  return bot.appId === '';
}
