import type { AccountFacts, ResolvedPrincipal } from '../../src/domain/audit-facts';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import type { EntrySearcher } from '../../src/directory/ldap-audit-source';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { SearchRequest } from '../../src/directory/paged-search';
import { testDirectoryOptions } from '../support/dc';

/**
 * LdapAuditSource against the seeded Samba DC, bound as the non-admin bot. The accounts and what
 * each demonstrates are described in test/fixtures/directory/50-audit-*.ldif.
 */

const BASE = 'DC=corp,DC=example,DC=test';
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330';
const SA = `OU=Service Accounts,${BASE}`;
const DOMAIN_ADMINS = `${DOMAIN}-512`;
const ADMINISTRATORS = 'S-1-5-32-544';
const FULL_CONTROL = 0xf01ff;

const ALL_ACCOUNTS = [
  'gmsa_batch',
  'gmsa_idle',
  'gmsa_reports',
  'gmsa_web',
  'svc (legacy) *star* back\\slash',
  'svc_acl',
  'svc_app02',
  'svc_batch04',
  'svc_da',
  'svc_des',
  'svc_disabled',
  'svc_kcd',
  'svc_kcdpt',
  'svc_multi',
  'svc_münchen',
  'svc_new',
  'svc_noowner',
  'svc_orphan',
  'svc_owned',
  'svc_rbcd',
  'svc_rc4',
  'svc_shared',
  'svc_sql01',
  'svc_sqldb01',
  'svc_srv03',
  'svc_stale',
  'svc_unc',
  'svc_web01',
];

/** Counts the LDAP searches the audit makes. */
class CountingSearcher implements EntrySearcher {
  searches: SearchRequest[] = [];
  constructor(private readonly inner: LdapDirectory) {}
  get baseDn(): string {
    return this.inner.baseDn;
  }
  searchEntries(request: SearchRequest): ReturnType<LdapDirectory['searchEntries']> {
    this.searches.push(request);
    return this.inner.searchEntries(request);
  }
}

describe('LdapAuditSource on Samba', () => {
  let directory: LdapDirectory;
  let counting: CountingSearcher;
  let all: AccountFacts[];

  const facts = (name: string): AccountFacts => {
    const found = all.find((f) => f.account.name === name);
    if (!found) throw new Error(`no facts for ${name}`);
    return found;
  };
  const chain = (f: AccountFacts, groupSid: string): string[] | undefined => {
    const membership = f.memberships.find((m) => m.group.sid === groupSid);
    return membership && [...membership.via.map((g) => g.name), membership.group.name];
  };
  const trustee = (f: AccountFacts, name: string): ResolvedPrincipal | undefined =>
    f.aclEntries.find((e) => e.trustee.name === name)?.trustee;

  beforeAll(async () => {
    directory = new LdapDirectory(testDirectoryOptions());
    counting = new CountingSearcher(directory);
    all = await new LdapAuditSource(counting).readAccountFacts({ kind: 'all' });
  });
  afterAll(async () => {
    await directory.close();
  });

  it('reads every sMSA and gMSA, sorted by name', () => {
    expect(all.map((f) => f.account.name)).toEqual(ALL_ACCOUNTS);
  });

  it('shares one frozen ACL entry among the accounts that carry the same ACE', () => {
    // the schema's default DACL and the container's inherited ACEs are on every account: without
    // sharing, each account would hold ~50 entries of its own (the audit's memory at 5,000 accounts)
    const entries = all.flatMap((f) => f.aclEntries);
    const distinct = new Set(entries);
    expect(entries.length).toBeGreaterThan(all.length * 10);
    expect(distinct.size).toBeLessThan(entries.length / 4);
    expect([...distinct].every((entry) => Object.isFrozen(entry))).toBe(true);
  });

  it('makes a fixed number of batched searches, not one per account', () => {
    // accounts; hosts + SIDs + SPNs + groups; gMSA reader groups (2 levels) + groups above; one more level
    expect(counting.searches.length).toBeLessThanOrEqual(12);
    expect(counting.searches.filter((s) => s.scope === 'base')).toEqual([]);
  });

  it('never filters on an attribute Samba does not index (memberOf, member): each would scan the domain', () => {
    const filters = counting.searches.map((s) => s.filter.toString());
    expect(filters.filter((f) => /\((memberOf|member)=/i.test(f))).toEqual([]);
    // the gMSA reader groups are read by DN instead
    expect(filters.some((f) => f.includes('(distinguishedName=CN=Report Servers,'))).toBe(true);
  });

  describe('memberships', () => {
    it('names the nested chain to Administrators by SID: svc_web01$ → Tier0 Service Ops → Administrators', () => {
      expect(chain(facts('svc_web01'), ADMINISTRATORS)).toEqual(['Tier0 Service Ops', 'Administrators']);
      expect(chain(facts('svc_batch04'), ADMINISTRATORS)).toEqual([
        'Scheduled Tasks',
        'Tier0 Service Ops',
        'Administrators',
      ]);
    });

    it('sees a direct Domain Admin, and Administrators through Domain Admins', () => {
      const da = facts('svc_da');
      expect(chain(da, DOMAIN_ADMINS)).toEqual(['Domain Admins']);
      expect(chain(da, ADMINISTRATORS)).toEqual(['Domain Admins', 'Administrators']);
      expect(da.account.adminCount).toBe(1);
    });

    it('includes the primary group (Domain Computers), which memberOf leaves out', () => {
      expect(chain(facts('svc_sql01'), `${DOMAIN}-515`)).toEqual(['Domain Computers']);
    });

    it('walks harmless nesting too, each group once with its DN', () => {
      const shared = facts('svc_shared').memberships.map((m) => m.group.name);
      expect(shared.sort()).toEqual(['Domain Computers', 'IIS Operators', 'Web Service Accounts']);
      expect(
        facts('svc_shared').memberships.find((m) => m.group.name === 'IIS Operators')?.group,
      ).toMatchObject({
        distinguishedName: `CN=IIS Operators,OU=Groups,${BASE}`,
      });
    });
  });

  describe('nTSecurityDescriptor (read with the SD-flags control as a non-admin)', () => {
    it('resolves the owner and the trustees of a default ACL', () => {
      const sql = facts('svc_sql01');
      expect(sql.owner).toMatchObject({ sid: DOMAIN_ADMINS, name: 'Domain Admins', kind: 'group' });
      expect(trustee(sql, 'Account Operators')).toMatchObject({ sid: 'S-1-5-32-548', kind: 'group' });
      expect(trustee(sql, 'SELF')).toMatchObject({ sid: 'S-1-5-10', kind: 'well-known', groupSids: [] });
      expect(trustee(sql, 'Authenticated Users')).toMatchObject({ kind: 'well-known' });
      expect(sql.aclEntries.some((e) => e.inherited)).toBe(true);
      expect(sql.aclEntries.some((e) => e.objectType !== null)).toBe(true);
    });

    it("shows svc_acl's non-admin trustees with their rights, and the Domain Admin's groups", () => {
      const acl = facts('svc_acl');
      const entry = (name: string) => acl.aclEntries.find((e) => e.trustee.name === name && !e.inherited);
      // Samba stores GenericAll as the full-control mask it maps to
      expect(entry('leeg')).toMatchObject({ allow: true, mask: FULL_CONTROL, trustee: { kind: 'user' } });
      expect(entry('nestorw')).toMatchObject({ allow: true, mask: 0x40000 });
      expect(entry('meganb')).toMatchObject({ allow: true, mask: 0x20094 });
      expect(entry('nestorw')?.trustee.distinguishedName).toBe(`CN=Nestor Wilke,OU=People,${BASE}`);
      expect(entry('adm-tier0')?.trustee.groupSids).toEqual(
        expect.arrayContaining([DOMAIN_ADMINS, ADMINISTRATORS]),
      );
      expect(entry('leeg')?.trustee.groupSids).not.toContain(DOMAIN_ADMINS);
    });
  });

  it('resolves RBCD principals: WEB01$ may act on behalf of users to svc_rbcd', () => {
    expect(facts('svc_rbcd').rbcdPrincipals).toEqual([
      expect.objectContaining({
        name: 'WEB01$',
        kind: 'computer',
        distinguishedName: `CN=WEB01,OU=Servers,${BASE}`,
      }),
    ]);
    expect(facts('svc_sql01').rbcdPrincipals).toEqual([]);
  });

  describe('gMSA password readers', () => {
    it('expands allowed groups transitively, with the groups each reader came through', () => {
      const readers = facts('gmsa_reports').passwordReaders?.map((r) => ({
        name: r.principal.name,
        kind: r.principal.kind,
        via: r.via,
      }));
      expect(readers).toEqual(
        expect.arrayContaining([
          { name: 'Report Servers', kind: 'group', via: [] },
          { name: 'SRV04$', kind: 'computer', via: [] },
          { name: 'APP05$', kind: 'computer', via: ['Report Servers'] },
          { name: 'Report Operators', kind: 'group', via: ['Report Servers'] },
          { name: 'pradeepg', kind: 'user', via: ['Report Servers', 'Report Operators'] },
          { name: 'adm-tier0', kind: 'user', via: ['Report Servers', 'Report Operators'] },
        ]),
      );
      expect(readers).toHaveLength(6);
    });

    it('lists the computers of gmsa_web, nobody for gmsa_idle, and null for an sMSA', () => {
      expect(
        facts('gmsa_web')
          .passwordReaders?.map((r) => r.principal.name)
          .sort(),
      ).toEqual(['SRV01$', 'WEB01$']);
      expect(facts('gmsa_idle').passwordReaders).toEqual([]);
      expect(facts('svc_sql01').passwordReaders).toBeNull();
    });
  });

  it('finds the other holder of a duplicate SPN, whatever the case, and nothing for unique SPNs', () => {
    expect(facts('svc_sqldb01').duplicateSpns).toEqual([
      {
        spn: 'MSSQLSvc/sql01.corp.example.test:1433',
        holders: [{ name: 'sqlsvc', distinguishedName: `CN=sqlsvc,OU=Service Users,${BASE}` }],
      },
    ]);
    expect(all.filter((f) => f.duplicateSpns.length > 0).map((f) => f.account.name)).toEqual(['svc_sqldb01']);
  });

  it('reads the linked computers, a disabled one included', () => {
    expect(
      facts('svc_multi')
        .hosts.map((h) => h.name)
        .sort(),
    ).toEqual(['APP05', 'SRV04']);
    expect(facts('svc_srv03').hosts).toEqual([expect.objectContaining({ name: 'SRV03', enabled: false })]);
    expect(facts('svc_orphan').hosts).toEqual([]);
  });

  describe('scopes', () => {
    it('host: the accounts linked to SRV01, exactly', async () => {
      const source = new LdapAuditSource(directory);
      const onSrv01 = await source.readAccountFacts({
        kind: 'host',
        computerDn: `CN=SRV01,OU=Servers,${BASE}`,
      });
      expect(onSrv01.map((f) => f.account.name)).toEqual(['svc_sql01', 'svc_web01']);
      expect(chain(onSrv01[1]!, ADMINISTRATORS)).toEqual(['Tier0 Service Ops', 'Administrators']);
    });

    it('account: one account with the same facts as in a full read', async () => {
      const source = new LdapAuditSource(directory);
      const one = await source.readAccountFacts({ kind: 'account', accountDn: `CN=gmsa_reports,${SA}` });
      expect(one).toEqual([facts('gmsa_reports')]);
    });

    it('account: nothing for a DN that does not exist or is not a service account', async () => {
      const source = new LdapAuditSource(directory);
      expect(await source.readAccountFacts({ kind: 'account', accountDn: `CN=nobody,${SA}` })).toEqual([]);
      expect(
        await source.readAccountFacts({ kind: 'account', accountDn: `CN=Lee Gu,OU=People,${BASE}` }),
      ).toEqual([]);
    });
  });

  describe('listMigrationCandidates', () => {
    const source = (): LdapAuditSource => new LdapAuditSource(directory);

    it('on SRV01: the user whose SPNs name SRV01, by NetBIOS or DNS name', async () => {
      const candidates = await source().listMigrationCandidates({
        name: 'SRV01',
        dnsHostName: 'srv01.corp.example.test',
      });
      expect(candidates.map((c) => c.samAccountName)).toEqual(['sqlreports']);
      expect(candidates[0]).toMatchObject({
        distinguishedName: `CN=sqlreports,OU=Service Users,${BASE}`,
        enabled: true,
        description: 'SQL Server Reporting instance on SRV01',
      });
      expect(candidates[0]?.sid).toMatch(new RegExp(`^${DOMAIN}-\\d+$`));
      const byDnsOnly = await source().listMigrationCandidates({
        name: 'x',
        dnsHostName: 'SRV01.corp.example.test',
      });
      expect(byDnsOnly.map((c) => c.samAccountName)).toEqual(['sqlreports']);
    });

    it('overall: every user with SPNs, disabled ones included, never krbtgt', async () => {
      const candidates = await source().listMigrationCandidates(null);
      // dns-DC1 is the account Samba's provisioning creates for its DNS service
      expect(candidates.map((c) => c.samAccountName)).toEqual([
        'dns-DC1',
        'sqlreports',
        'sqlsvc',
        'websvc_old',
      ]);
      expect(candidates.find((c) => c.samAccountName === 'websvc_old')?.enabled).toBe(false);
    });

    it('matches host names literally', async () => {
      for (const name of ['*', 'SRV*', '*)(servicePrincipalName=*', 'srv01.corp']) {
        expect(await source().listMigrationCandidates({ name, dnsHostName: null })).toEqual([]);
      }
    });
  });
});
