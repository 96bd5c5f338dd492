import type { Entry } from 'ldapts';
import { DirectoryError } from '../../src/domain/directory-error';
import { LdapEntry } from '../../src/directory/ldap-entry';
import { kindOf, toComputer, toServiceAccount } from '../../src/directory/map-entry';
import { sidToBytes } from '../../src/directory/sid';
import { GMSA_OBJECT_CLASSES, SMSA_OBJECT_CLASSES } from '../support/msa-object-classes';

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1111';
// objectGUID bytes of 0ff1ce00-1234-4abc-8def-0123456789ab (first three groups little-endian)
const GUID_BYTES = Buffer.from('00cef10f3412bc4a8def0123456789ab', 'hex');
const SRV01 = 'CN=SRV01,OU=Servers,DC=corp,DC=example,DC=test';

/** An entry as ldapts returns it: one value → string, several → array, requested but absent → []. */
function smsa(overrides: Record<string, string | string[] | Buffer> = {}): LdapEntry {
  const entry: Entry = {
    dn: 'CN=svc_sql01,OU=Service Accounts,DC=corp,DC=example,DC=test',
    objectClass: SMSA_OBJECT_CLASSES,
    cn: 'svc_sql01',
    sAMAccountName: 'svc_sql01$',
    objectSid: sidToBytes(SID),
    objectGUID: GUID_BYTES,
    description: 'SQL Server engine on SRV01',
    managedBy: [],
    userAccountControl: '4096',
    servicePrincipalName: ['MSSQLSvc/srv01.corp.example.test:1433', 'MSSQLSvc/srv01.corp.example.test'],
    pwdLastSet: '134400759567468080',
    lastLogonTimestamp: [],
    whenCreated: '20261125102543.0Z',
    'msDS-HostServiceAccountBL': SRV01,
    memberOf: [],
    'msDS-SupportedEncryptionTypes': '28',
    'msDS-AllowedToDelegateTo': [],
    adminCount: [],
    'msDS-ManagedPasswordInterval': [],
    ...overrides,
  };
  return new LdapEntry(entry);
}

describe('toServiceAccount', () => {
  it('maps an sMSA into domain words', () => {
    expect(toServiceAccount(smsa())).toEqual({
      kind: 'sMSA',
      distinguishedName: 'CN=svc_sql01,OU=Service Accounts,DC=corp,DC=example,DC=test',
      name: 'svc_sql01',
      samAccountName: 'svc_sql01$',
      sid: SID,
      guid: '0ff1ce00-1234-4abc-8def-0123456789ab',
      description: 'SQL Server engine on SRV01',
      managedBy: null,
      enabled: true,
      trustedForDelegation: false,
      trustedToAuthForDelegation: false,
      notDelegated: false,
      useDesKeyOnly: false,
      servicePrincipalNames: ['MSSQLSvc/srv01.corp.example.test:1433', 'MSSQLSvc/srv01.corp.example.test'],
      passwordLastSetAt: new Date('2026-11-25T10:25:56.746Z'),
      lastLogonAt: null,
      createdAt: new Date('2026-11-25T10:25:43.000Z'),
      hostComputerDns: [SRV01],
      memberOfDns: [],
      supportedEncryptionTypes: 28,
      allowedToDelegateTo: [],
      adminCount: null,
      passwordIntervalDays: null,
    });
  });

  it('turns a single value into a one-element list and several into a list', () => {
    expect(toServiceAccount(smsa({ servicePrincipalName: 'HTTP/srv01' }))?.servicePrincipalNames).toEqual([
      'HTTP/srv01',
    ]);
    expect(toServiceAccount(smsa({ memberOf: ['CN=A,DC=x', 'CN=B,DC=x'] }))?.memberOfDns).toEqual([
      'CN=A,DC=x',
      'CN=B,DC=x',
    ]);
  });

  it('reads attribute names case-insensitively', () => {
    const entry = smsa({ USERACCOUNTCONTROL: '4098' });
    expect(toServiceAccount(entry)?.enabled).toBe(false);
  });

  it('reads flags: disabled, delegation, adminCount, never-set password', () => {
    const account = toServiceAccount(
      smsa({ userAccountControl: String(0x1000 | 0x2 | 0x80000), adminCount: '1', pwdLastSet: '0' }),
    );
    expect(account).toMatchObject({
      enabled: false,
      trustedForDelegation: true,
      trustedToAuthForDelegation: false,
      notDelegated: false,
      useDesKeyOnly: false,
      adminCount: 1,
      passwordLastSetAt: null,
    });
  });

  it('recognises a gMSA and reads its password interval', () => {
    const account = toServiceAccount(
      smsa({
        objectClass: GMSA_OBJECT_CLASSES,
        'msDS-ManagedPasswordInterval': '30',
      }),
    );
    expect(account).toMatchObject({ kind: 'gMSA', passwordIntervalDays: 30 });
  });

  it('is null for objects that are not managed service accounts', () => {
    const user = smsa({ objectClass: ['top', 'person', 'organizationalPerson', 'user'] });
    expect(kindOf(user)).toBeNull();
    expect(toServiceAccount(user)).toBeNull();
  });

  it('refuses an entry whose SID could not be read', () => {
    const error = (() => {
      try {
        toServiceAccount(smsa({ objectSid: [] }));
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).reason).toBe('insufficient-rights');
  });

  it('keeps non-ASCII text', () => {
    const account = toServiceAccount(smsa({ cn: 'svc_münchen', description: 'Dienstkonto für München' }));
    expect(account).toMatchObject({ name: 'svc_münchen', description: 'Dienstkonto für München' });
  });
});

describe('toComputer', () => {
  it('maps a computer and its linked service accounts', () => {
    const entry = new LdapEntry({
      dn: SRV01,
      cn: 'SRV01',
      sAMAccountName: 'SRV01$',
      dNSHostName: 'srv01.corp.example.test',
      objectSid: sidToBytes(SID),
      userAccountControl: '4096',
      operatingSystem: 'Windows Server 2022 Standard',
      'msDS-HostServiceAccount': ['CN=svc_sql01,DC=x', 'CN=svc_web01,DC=x'],
    });
    expect(toComputer(entry)).toEqual({
      distinguishedName: SRV01,
      name: 'SRV01',
      samAccountName: 'SRV01$',
      dnsHostName: 'srv01.corp.example.test',
      sid: SID,
      enabled: true,
      operatingSystem: 'Windows Server 2022 Standard',
      hostedServiceAccountDns: ['CN=svc_sql01,DC=x', 'CN=svc_web01,DC=x'],
    });
  });

  it('handles a disabled computer without DNS name or links', () => {
    const entry = new LdapEntry({
      dn: 'CN=SRV03,DC=x',
      cn: 'SRV03',
      sAMAccountName: 'SRV03$',
      objectSid: sidToBytes(SID),
      userAccountControl: '4098',
      dNSHostName: [],
      'msDS-HostServiceAccount': [],
    });
    expect(toComputer(entry)).toMatchObject({
      enabled: false,
      dnsHostName: null,
      hostedServiceAccountDns: [],
      operatingSystem: null,
    });
  });
});
