import type { Entry } from 'ldapts';
import { DirectoryError } from '../../src/domain/directory-error';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import type { EntrySearcher } from '../../src/directory/ldap-audit-source';
import { LdapEntry } from '../../src/directory/ldap-entry';
import type { SearchRequest } from '../../src/directory/paged-search';
import { SD_FLAGS_OID, SdFlagsControl } from '../../src/directory/sd-flags-control';
import { sidToBytes } from '../../src/directory/sid';
import { buildSecurityDescriptor } from '../support/security-descriptor-writer';
import { GMSA_OBJECT_CLASSES, SMSA_OBJECT_CLASSES } from '../support/msa-object-classes';

/**
 * The orchestration without a server: what LdapAuditSource asks for and how it fails. The answers
 * themselves are checked against Samba in ldap-audit-source.int.test.ts.
 */

const BASE = 'DC=corp,DC=example,DC=test';
const D = 'S-1-5-21-1004336348-1177238915-682003330';

function msa(name: string, rid: number, extra: Record<string, string | string[] | Buffer> = {}): Entry {
  const guid = Buffer.alloc(16, rid % 256);
  return {
    dn: `CN=${name},OU=Service Accounts,${BASE}`,
    objectClass: SMSA_OBJECT_CLASSES,
    cn: name,
    sAMAccountName: `${name}$`,
    objectSid: sidToBytes(`${D}-${rid}`),
    objectGUID: guid,
    userAccountControl: '4096',
    primaryGroupID: '515',
    ...extra,
  };
}

type Answer = (request: SearchRequest) => Entry[] | Promise<Entry[]>;

/** Answers by the kind of search (told apart by the attributes asked for) and records every request. */
function fakeSearcher(answers: { accounts?: Answer; candidates?: Answer; other?: Answer }) {
  const requests: SearchRequest[] = [];
  const searcher: EntrySearcher = {
    baseDn: BASE,
    async searchEntries(request) {
      requests.push(request);
      const kind = request.attributes.includes('nTSecurityDescriptor')
        ? answers.accounts
        : request.attributes.includes('lastLogonTimestamp')
          ? answers.candidates
          : answers.other;
      const entries = (await kind?.(request)) ?? [];
      return entries.map((e) => new LdapEntry(e));
    },
  };
  return { searcher, requests };
}

describe('LdapAuditSource.readAccountFacts', () => {
  it('reads the accounts with the SD-flags control and binary descriptors', async () => {
    const { searcher, requests } = fakeSearcher({});
    await new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' });
    const [request] = requests;
    expect(request).toMatchObject({ baseDn: BASE, scope: 'sub' });
    expect(request?.controls).toEqual([expect.any(SdFlagsControl)]);
    expect(request?.controls?.[0]?.type).toBe(SD_FLAGS_OID);
    expect(request?.binaryAttributes).toEqual(
      expect.arrayContaining([
        'objectSid',
        'nTSecurityDescriptor',
        'msDS-AllowedToActOnBehalfOfOtherIdentity',
        'msDS-GroupMSAMembership',
      ]),
    );
  });

  it('stops after one search when no account is in scope', async () => {
    const { searcher, requests } = fakeSearcher({});
    expect(await new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' })).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('host scope: the accounts whose backlink names the computer', async () => {
    const { searcher, requests } = fakeSearcher({});
    await new LdapAuditSource(searcher).readAccountFacts({
      kind: 'host',
      computerDn: `CN=SRV01,OU=Servers,${BASE}`,
    });
    expect(requests[0]?.filter.toString()).toContain(
      `(msDS-HostServiceAccountBL=CN=SRV01,OU=Servers,${BASE})`,
    );
  });

  it('account scope: a base read of that DN; a DN that does not exist gives no facts', async () => {
    const { searcher, requests } = fakeSearcher({
      accounts: () => Promise.reject(new DirectoryError('no-such-object', 'no such object', 32)),
    });
    const dn = `CN=gone,OU=Service Accounts,${BASE}`;
    expect(await new LdapAuditSource(searcher).readAccountFacts({ kind: 'account', accountDn: dn })).toEqual(
      [],
    );
    expect(requests[0]).toMatchObject({ baseDn: dn, scope: 'base' });
  });

  it('passes other directory errors on', async () => {
    const { searcher } = fakeSearcher({
      accounts: () => Promise.reject(new DirectoryError('timeout', 'slow')),
    });
    await expect(new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' })).rejects.toMatchObject({
      reason: 'timeout',
    });
  });

  it('refuses to audit an account whose descriptor cannot be parsed, naming it', async () => {
    const { searcher } = fakeSearcher({
      accounts: () => [msa('svc_bad', 1200, { nTSecurityDescriptor: Buffer.from([1, 0, 0x04, 0x80, 0xff]) })],
    });
    const error = await new LdapAuditSource(searcher)
      .readAccountFacts({ kind: 'all' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ reason: 'unknown' });
    expect((error as Error).message).toContain('CN=svc_bad');
  });

  it('batches: 120 hosts are read in three searches, not 120', async () => {
    const accounts = Array.from({ length: 120 }, (_, i) =>
      msa(`svc${i}`, 2000 + i, { 'msDS-HostServiceAccountBL': `CN=HOST${i},OU=Servers,${BASE}` }),
    );
    const { searcher, requests } = fakeSearcher({ accounts: () => accounts });
    const facts = await new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' });
    expect(facts).toHaveLength(120);
    const computerSearches = requests.filter((r) => r.attributes.includes('dNSHostName'));
    expect(computerSearches).toHaveLength(3);
    // every host DN asked exactly once
    const asked = computerSearches.flatMap((r) => r.filter.toString().match(/CN=HOST\d+/g) ?? []);
    expect(new Set(asked).size).toBe(120);
    expect(asked).toHaveLength(120);
  });

  it('keeps at most four batches of one kind in flight on the connection', async () => {
    const accounts = Array.from({ length: 500 }, (_, i) =>
      msa(`svc${i}`, 2000 + i, { 'msDS-HostServiceAccountBL': `CN=HOST${i},OU=Servers,${BASE}` }),
    );
    let inFlight = 0;
    let most = 0;
    const { searcher, requests } = fakeSearcher({
      accounts: () => accounts,
      other: async (request) => {
        if (!request.attributes.includes('dNSHostName')) return [];
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return [];
      },
    });
    await new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' });
    expect(requests.filter((r) => r.attributes.includes('dNSHostName'))).toHaveLength(10);
    expect(most).toBe(4);
  });

  it('sorts the facts by account name and says "not read" when the descriptor is missing', async () => {
    const { searcher } = fakeSearcher({ accounts: () => [msa('svc_b', 1201), msa('svc_A', 1202)] });
    const facts = await new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' });
    expect(facts.map((f) => f.account.name)).toEqual(['svc_A', 'svc_b']);
    expect(facts[0]).toMatchObject({
      owner: null,
      aclEntries: [],
      rbcdPrincipals: [],
      passwordReaders: null,
    });
  });

  it('expands a gMSA reader group by DN, following ranged `member` values to the end', async () => {
    const groupDn = `CN=Readers,OU=Groups,${BASE}`;
    const hostDn = (i: number): string => `CN=HOST${i},OU=Servers,${BASE}`;
    const readers = Buffer.from(
      buildSecurityDescriptor({
        owner: 'S-1-5-32-544',
        dacl: [{ type: 'access-allowed', sid: `${D}-3000`, mask: 0xf01ff }],
      }),
    );
    const gmsa = msa('gmsa_x', 1300, {
      objectClass: GMSA_OBJECT_CLASSES,
      'msDS-GroupMSAMembership': readers,
    });
    const host = (i: number): Entry => ({
      dn: hostDn(i),
      objectClass: ['top', 'computer'],
      sAMAccountName: `HOST${i}$`,
      objectSid: sidToBytes(`${D}-${4000 + i}`),
    });
    const group: Entry = {
      dn: groupDn,
      objectClass: ['top', 'group'],
      sAMAccountName: 'Readers',
      objectSid: sidToBytes(`${D}-3000`),
    };
    const { searcher, requests } = fakeSearcher({
      accounts: () => [gmsa],
      other: (request) => {
        const filter = request.filter.toString();
        if (request.scope === 'base') return [{ dn: groupDn, 'member;range=2-*': [hostDn(3), hostDn(4)] }];
        if (filter.includes(`(distinguishedName=${groupDn})`))
          return [{ ...group, member: [], 'member;range=0-1': [hostDn(1), hostDn(2)] }];
        if (filter.includes('distinguishedName=CN=HOST'))
          return [1, 2, 3, 4].filter((i) => filter.includes(hostDn(i))).map(host);
        if (filter.includes('objectSid=') && !filter.includes('objectClass=group')) return [group];
        return [];
      },
    });
    const [facts] = await new LdapAuditSource(searcher).readAccountFacts({ kind: 'all' });
    expect(facts?.passwordReaders?.map((r) => `${r.principal.name} via ${r.via.join(' > ')}`)).toEqual([
      'Readers via ',
      'HOST1$ via Readers',
      'HOST2$ via Readers',
      'HOST3$ via Readers',
      'HOST4$ via Readers',
    ]);
    expect(requests.filter((r) => r.scope === 'base')).toEqual([
      expect.objectContaining({ baseDn: groupDn, attributes: ['member;range=2-*'] }),
    ]);
    expect(requests.map((r) => r.filter.toString()).filter((f) => f.includes('memberOf='))).toEqual([]);
  });

  it('rejects a batch size below 1', () => {
    expect(() => new LdapAuditSource(fakeSearcher({}).searcher, { batchSize: 0 })).toThrow(RangeError);
  });
});

describe('LdapAuditSource.listMigrationCandidates', () => {
  const user = (name: string, rid: number, spns: string[], uac = '512'): Entry => ({
    dn: `CN=${name},OU=Service Users,${BASE}`,
    cn: name,
    sAMAccountName: name,
    objectSid: sidToBytes(`${D}-${rid}`),
    userAccountControl: uac,
    servicePrincipalName: spns,
    pwdLastSet: '0',
  });
  const directory = [
    user('zsvc', 3000, ['HTTP/srv01.corp.example.test']),
    user('krbtgt', 502, ['kadmin/changepw'], '514'),
    user('krbtgt_12345', 3001, ['kadmin/changepw'], '514'),
    user('asvc', 3002, ['MSSQLSvc/SRV01:1433'], '514'),
    // the coarse server filter lets this through (…/SRV01 at the end), the host part is web01
    user('other', 3003, ['HTTP/web01/SRV01']),
  ];

  it('lists user accounts with SPNs by name, never the KDC account', async () => {
    const { searcher, requests } = fakeSearcher({ candidates: () => directory });
    const candidates = await new LdapAuditSource(searcher).listMigrationCandidates(null);
    expect(candidates.map((c) => c.samAccountName)).toEqual(['asvc', 'other', 'zsvc']);
    expect(candidates[0]).toMatchObject({ enabled: false, passwordLastSetAt: null, sid: `${D}-3002` });
    expect(requests[0]?.filter.toString()).toBe(
      '(&(objectCategory=person)(objectClass=user)(servicePrincipalName=*))',
    );
  });

  it('with a host, keeps only SPNs whose host part is its NetBIOS or DNS name', async () => {
    const { searcher, requests } = fakeSearcher({ candidates: () => directory });
    const candidates = await new LdapAuditSource(searcher).listMigrationCandidates({
      name: 'SRV01$',
      dnsHostName: 'srv01.corp.example.test',
    });
    expect(candidates.map((c) => c.samAccountName)).toEqual(['asvc', 'zsvc']);
    const filter = requests[0]?.filter.toString() ?? '';
    expect(filter).toContain('(servicePrincipalName=*/SRV01)');
    expect(filter).toContain('(servicePrincipalName=*/srv01.corp.example.test:*)');
  });

  it('a host without a name matches nothing, without asking', async () => {
    const { searcher, requests } = fakeSearcher({ candidates: () => directory });
    expect(
      await new LdapAuditSource(searcher).listMigrationCandidates({ name: ' ', dnsHostName: null }),
    ).toEqual([]);
    expect(requests).toEqual([]);
  });
});
