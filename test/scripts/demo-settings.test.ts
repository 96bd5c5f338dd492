import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { demoBotSettings } from '../../scripts/demo-settings';

const dir = mkdtempSync(join(tmpdir(), 'demo-settings-'));
const CA_PATH = join(dir, 'ca.pem');
writeFileSync(CA_PATH, '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DC_ENV = {
  LDAP_URL: 'ldaps://127.0.0.1:636',
  LDAP_BIND_DN: 'CN=svc-warden-reader,CN=Users,DC=corp,DC=example,DC=test',
  LDAP_BIND_PASSWORD: 'reader-secret',
  LDAP_BASE_DN: 'DC=corp,DC=example,DC=test',
  LDAP_CA_CERT: CA_PATH,
  LDAP_FIX_BIND_DN: 'CN=msa-warden-fixer,CN=Users,DC=corp,DC=example,DC=test',
  LDAP_FIX_BIND_PASSWORD: 'fixer-secret',
  LDAP_ADMIN_BIND_DN: 'CN=Administrator,CN=Users,DC=corp,DC=example,DC=test',
  LDAP_ADMIN_BIND_PASSWORD: 'admin-secret',
};

describe('the demo bot settings', () => {
  it('enable fixes under the fixer account dc.sh seeds, never the read or admin account', () => {
    const settings = demoBotSettings(DC_ENV, { port: 3978, sqlitePath: '/tmp/demo.sqlite' });
    expect(settings).toMatchObject({
      LDAP_FIX_BIND_DN: DC_ENV.LDAP_FIX_BIND_DN,
      LDAP_FIX_BIND_PASSWORD: DC_ENV.LDAP_FIX_BIND_PASSWORD,
      LDAP_BIND_DN: DC_ENV.LDAP_BIND_DN,
    });
    expect(Object.values(settings)).not.toContain(DC_ENV.LDAP_ADMIN_BIND_PASSWORD);
    const config = loadConfig(settings);
    expect(config.approvals.fixBindDn).toBe(DC_ENV.LDAP_FIX_BIND_DN);
    expect(config.ldap.bindDn).toBe(DC_ENV.LDAP_BIND_DN);
  });

  it('take roles from the demo groups, not from ACCESS_OPEN', () => {
    const config = loadConfig(demoBotSettings(DC_ENV, { port: 3978, sqlitePath: ':memory:' }));
    expect(config.access).toMatchObject({
      open: false,
      readersGroup: 'MSA Warden Readers',
      approversGroup: 'CN=MSA Warden Approvers,OU=Groups,DC=corp,DC=example,DC=test',
    });
  });

  it('refuse a dc.env without the fixer account', () => {
    const { LDAP_FIX_BIND_PASSWORD: _password, ...noFixer } = DC_ENV;
    expect(() => demoBotSettings(noFixer, { port: 3978, sqlitePath: ':memory:' })).toThrow(
      'dc.env has no LDAP_FIX_BIND_PASSWORD',
    );
  });
});
