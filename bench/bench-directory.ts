import { readFileSync } from 'node:fs';
import { LdapDirectory } from '../src/directory/ldap-directory';

/**
 * An LdapDirectory on the bench DC as the bot account, from the values of its dc.env (what dc.sh
 * wrote): LDAPS, and a 2-minute timeout so the big reads of the seeded domain are never cut short.
 */
export function benchDirectory(env: Record<string, string>): LdapDirectory {
  return new LdapDirectory({
    urls: (env.LDAP_URL ?? '').split(','),
    bindDn: env.LDAP_BIND_DN ?? '',
    bindPassword: env.LDAP_BIND_PASSWORD ?? '',
    baseDn: env.LDAP_BASE_DN ?? '',
    caCertPem: readFileSync(env.LDAP_CA_CERT ?? '', 'utf8'),
    startTls: false,
    timeoutMs: 120_000,
    connectTimeoutMs: 5000,
  });
}
