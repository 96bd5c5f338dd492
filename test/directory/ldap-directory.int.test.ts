import { LdapDirectory } from '../../src/directory/ldap-directory';
import { testDirectoryOptions } from '../support/dc';

/**
 * LdapDirectory against the seeded Samba DC (test/fixtures/directory/*.ldif), bound as the
 * non-admin bot account. SRV01 hosts svc_sql01 + svc_web01; SRV02 hosts svc_app02 + svc_disabled;
 * svc_orphan has no host; gmsa_web is a gMSA; Big Group has 1,600 members.
 */

const BASE = 'DC=corp,DC=example,DC=test';
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const SRV01_DN = `CN=SRV01,OU=Servers,${BASE}`;
const SA = `OU=Service Accounts,${BASE}`;
const LEGACY_CN = 'svc (legacy) *star* back\\slash';

describe('LdapDirectory on Samba', () => {
  let directory: LdapDirectory;

  beforeAll(() => {
    directory = new LdapDirectory(testDirectoryOptions());
  });
  afterAll(async () => {
    await directory.close();
  });

  describe('findComputer', () => {
    it.each([
      'SRV01',
      'srv01',
      'SRV01$',
      'srv01$',
      'srv01.corp.example.test',
      'SRV01.CORP.EXAMPLE.TEST',
      '  SRV01 ',
    ])('finds SRV01 by %j', async (host) => {
      const computer = await directory.findComputer(host);
      expect(computer?.distinguishedName).toBe(SRV01_DN);
    });

    it('maps the computer', async () => {
      const computer = await directory.findComputer('SRV01');
      expect(computer).toMatchObject({
        name: 'SRV01',
        samAccountName: 'SRV01$',
        dnsHostName: 'srv01.corp.example.test',
        enabled: true,
        operatingSystem: 'Windows Server 2022 Standard',
      });
      expect(computer?.sid).toMatch(new RegExp(`^${DOMAIN_SID}-\\d+$`));
      expect(computer?.hostedServiceAccountDns.map((dn) => dn.toLowerCase()).sort()).toEqual([
        `cn=svc_sql01,${SA}`.toLowerCase(),
        `cn=svc_web01,${SA}`.toLowerCase(),
      ]);
    });

    it('sees a disabled computer as disabled', async () => {
      expect((await directory.findComputer('SRV03'))?.enabled).toBe(false);
    });

    it('does not treat a managed service account (a computer subclass) as a computer', async () => {
      expect(await directory.findComputer('svc_sql01')).toBeNull();
      expect(await directory.findComputer('gmsa_web')).toBeNull();
    });

    it.each(['*)(objectClass=*', '*', 'SRV*', '(cn=SRV01)', 'SRV01)(|(cn=*', '', '   ', 'NOPE99'])(
      'finds nothing for %j',
      async (host) => {
        expect(await directory.findComputer(host)).toBeNull();
      },
    );
  });

  it('lists computer names sorted, without service accounts', async () => {
    const names = await directory.listComputerNames();
    expect(names).toEqual(
      expect.arrayContaining(['DC1', 'FILE01', 'SQL01', 'SRV01', 'SRV02', 'SRV03', 'WEB01']),
    );
    expect(names).not.toContain('svc_sql01');
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('the service accounts linked to SRV01 are exactly svc_sql01 and svc_web01', async () => {
    const computer = await directory.findComputer('srv01.corp.example.test');
    const accounts = await directory.getServiceAccountsByDn(computer?.hostedServiceAccountDns ?? []);
    expect(accounts.map((a) => a.name).sort()).toEqual(['svc_sql01', 'svc_web01']);
    for (const account of accounts) expect(account.hostComputerDns).toEqual([SRV01_DN]);
  });

  it('getServiceAccountsByDn keeps the input order and skips missing DNs', async () => {
    const accounts = await directory.getServiceAccountsByDn([
      `CN=svc_web01,${SA}`,
      `CN=nobody,${SA}`,
      `cn=SVC_SQL01,ou=service accounts,dc=corp,dc=example,dc=test`,
    ]);
    expect(accounts.map((a) => a.name)).toEqual(['svc_web01', 'svc_sql01']);
    expect(await directory.getServiceAccountsByDn([])).toEqual([]);
  });

  it('getComputersByDn returns computers, not service accounts', async () => {
    const computers = await directory.getComputersByDn([`CN=SRV02,OU=Servers,${BASE}`, `CN=svc_sql01,${SA}`]);
    expect(computers.map((c) => c.name)).toEqual(['SRV02']);
  });

  describe('listServiceAccounts', () => {
    it('sMSAs: sorted, orphaned and disabled included, the gMSA excluded', async () => {
      const accounts = await directory.listServiceAccounts(['sMSA']);
      const names = accounts.map((a) => a.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'svc_sql01',
          'svc_web01',
          'svc_app02',
          'svc_orphan',
          'svc_disabled',
          LEGACY_CN,
          'svc_münchen',
        ]),
      );
      expect(names).not.toContain('gmsa_web');
      expect(accounts.every((a) => a.kind === 'sMSA')).toBe(true);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    });

    it('gMSAs: gmsa_web with its password interval', async () => {
      const accounts = await directory.listServiceAccounts(['gMSA']);
      expect(accounts.map((a) => a.name)).toContain('gmsa_web');
      expect(accounts.every((a) => a.kind === 'gMSA')).toBe(true);
      expect(accounts.find((a) => a.name === 'gmsa_web')?.passwordIntervalDays).toBe(30);
    });

    it('both kinds by default', async () => {
      const kinds = new Set((await directory.listServiceAccounts()).map((a) => a.kind));
      expect([...kinds].sort()).toEqual(['gMSA', 'sMSA']);
    });
  });

  describe('findServiceAccount', () => {
    it.each([
      'svc_sql01',
      'SVC_SQL01',
      'svc_sql01$',
      `CN=svc_sql01,${SA}`,
      `cn=svc_sql01,${SA.toLowerCase()}`,
    ])('finds svc_sql01 by %j', async (name) => {
      expect((await directory.findServiceAccount(name))?.distinguishedName).toBe(`CN=svc_sql01,${SA}`);
    });

    it('maps every attribute of svc_sql01', async () => {
      const account = await directory.findServiceAccount('svc_sql01');
      expect(account).toMatchObject({
        kind: 'sMSA',
        name: 'svc_sql01',
        samAccountName: 'svc_sql01$',
        description: 'SQL Server engine on SRV01',
        managedBy: null,
        enabled: true,
        trustedForDelegation: false,
        trustedToAuthForDelegation: false,
        notDelegated: false,
        useDesKeyOnly: false,
        supportedEncryptionTypes: 28,
        allowedToDelegateTo: [],
        hostComputerDns: [SRV01_DN],
        passwordIntervalDays: null,
        lastLogonAt: null,
      });
      expect([...(account?.servicePrincipalNames ?? [])].sort()).toEqual([
        'MSSQLSvc/srv01.corp.example.test',
        'MSSQLSvc/srv01.corp.example.test:1433',
      ]);
      expect(account?.sid).toMatch(new RegExp(`^${DOMAIN_SID}-\\d{4,}$`));
      expect(account?.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(account?.passwordLastSetAt).toBeInstanceOf(Date);
      expect(account?.createdAt).toBeInstanceOf(Date);
      // both stamped by the DC while seeding: after 2020, not in the future
      for (const date of [account?.passwordLastSetAt, account?.createdAt]) {
        expect(date!.getTime()).toBeGreaterThan(Date.UTC(2020, 0, 1));
        expect(date!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      }
    });

    it('the SID and GUID identify the account', async () => {
      const a = await directory.findServiceAccount('svc_sql01');
      const b = await directory.findServiceAccount('svc_web01');
      expect(a?.sid).not.toBe(b?.sid);
      expect(a?.guid).not.toBe(b?.guid);
      expect(await directory.findServiceAccount('svc_sql01')).toEqual(a);
    });

    it('an orphaned sMSA has no hosts', async () => {
      expect((await directory.findServiceAccount('svc_orphan'))?.hostComputerDns).toEqual([]);
    });

    it('a disabled sMSA is enabled=false and still linked to SRV02', async () => {
      const account = await directory.findServiceAccount('svc_disabled');
      expect(account?.enabled).toBe(false);
      expect(account?.hostComputerDns).toEqual([`CN=SRV02,OU=Servers,${BASE}`]);
    });

    it('finds the gMSA as a gMSA', async () => {
      expect((await directory.findServiceAccount('gmsa_web'))?.kind).toBe('gMSA');
    });

    it('matches filter metacharacters literally', async () => {
      const account = await directory.findServiceAccount(LEGACY_CN);
      expect(account?.name).toBe(LEGACY_CN);
      expect(account?.samAccountName).toBe('svc_legacy$');
      expect(account?.distinguishedName).toBe(`CN=svc (legacy) *star* back\\\\slash,${SA}`);
      expect((await directory.findServiceAccount(account!.distinguishedName))?.samAccountName).toBe(
        'svc_legacy$',
      );
    });

    it('finds a non-ASCII name, in any case', async () => {
      for (const name of ['svc_münchen', 'SVC_MÜNCHEN', 'svc_münchen$']) {
        const account = await directory.findServiceAccount(name);
        expect(account?.name).toBe('svc_münchen');
        expect(account?.description).toBe('Dienstkonto für den Kalender in München');
      }
    });

    it.each([
      '*',
      'svc_*',
      '*)(objectClass=*',
      'svc (legacy)',
      'svc_legacy*',
      'SRV01',
      '',
      `CN=SRV01,OU=Servers,${BASE}`,
    ])('finds nothing for %j', async (name) => {
      expect(await directory.findServiceAccount(name)).toBeNull();
    });
  });

  describe('listGroupMemberDns', () => {
    it('returns all 1,600 members of Big Group (Samba answers in one piece)', async () => {
      const members = await directory.listGroupMemberDns(`CN=Big Group,OU=Groups,${BASE}`);
      expect(members).toHaveLength(1600);
      expect(new Set(members.map((m) => m.toLowerCase())).size).toBe(1600);
      expect(members).toContain(`CN=bulk0001,OU=Bulk Users,${BASE}`);
      expect(members).toContain(`CN=bulk1600,OU=Bulk Users,${BASE}`);
    });

    it('returns nested groups as members', async () => {
      const members = await directory.listGroupMemberDns(`CN=MSA Warden Readers,OU=Groups,${BASE}`);
      expect(members.sort()).toEqual(
        [`CN=Megan Bowen,OU=People,${BASE}`, `CN=MSA Warden Approvers,OU=Groups,${BASE}`].sort(),
      );
    });

    it('throws no-such-object for a group that does not exist', async () => {
      await expect(directory.listGroupMemberDns(`CN=Nope,OU=Groups,${BASE}`)).rejects.toMatchObject({
        reason: 'no-such-object',
      });
    });
  });

  it('pages through results larger than one page', async () => {
    const small = new LdapDirectory(testDirectoryOptions({ pageSize: 2 }));
    try {
      const names = (await small.listServiceAccounts()).map((a) => a.name);
      expect(names.length).toBeGreaterThanOrEqual(8);
      expect(names).toEqual((await directory.listServiceAccounts()).map((a) => a.name));
    } finally {
      await small.close();
    }
  });
});
