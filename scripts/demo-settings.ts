/**
 * The demo bot's settings from the demo DC's dc.env (pure, so a test can check them and start a bot
 * with them): the read account, the fixer account that dc.sh granted exactly the documented rights,
 * and roles from the demo domain's groups (the Playground's Alex approves, Megan reads).
 */

/** The read account's settings, copied from dc.env. */
export const DEMO_LDAP_KEYS = [
  'LDAP_URL',
  'LDAP_BIND_DN',
  'LDAP_BIND_PASSWORD',
  'LDAP_BASE_DN',
  'LDAP_CA_CERT',
] as const;

/** The fixer account's settings, copied from dc.env: with them the demo's "Request fix" buttons work. */
export const DEMO_FIX_KEYS = ['LDAP_FIX_BIND_DN', 'LDAP_FIX_BIND_PASSWORD'] as const;

export interface DemoBotOptions {
  port: number;
  sqlitePath: string;
}

export function demoBotSettings(
  dcEnv: Readonly<Record<string, string>>,
  options: DemoBotOptions,
): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of [...DEMO_LDAP_KEYS, ...DEMO_FIX_KEYS]) {
    const value = dcEnv[key];
    if (value === undefined || value === '') throw new Error(`dc.env has no ${key}`);
    settings[key] = value;
  }
  return {
    ...settings,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    MicrosoftAppId: '',
    STORE: 'sqlite',
    SQLITE_PATH: options.sqlitePath,
    // roles from the demo domain's groups: the Playground's Alex and Adele approve, Megan reads
    ACCESS_READERS_GROUP: 'MSA Warden Readers',
    ACCESS_APPROVERS_GROUP: `CN=MSA Warden Approvers,OU=Groups,${settings.LDAP_BASE_DN ?? ''}`,
  };
}
