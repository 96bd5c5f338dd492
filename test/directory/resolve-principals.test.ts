import { LdapEntry } from '../../src/directory/ldap-entry';
import {
  isDirectorySid,
  principalKind,
  principalWithoutObject,
  toPrincipalRecord,
  toResolvedPrincipal,
} from '../../src/directory/resolve-principals';
import { sidToBytes } from '../../src/directory/sid';

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330';

describe('principalKind', () => {
  it.each([
    [['top', 'person', 'organizationalPerson', 'user'], 'user'],
    [['top', 'person', 'organizationalPerson', 'user', 'computer'], 'computer'],
    [
      ['top', 'person', 'organizationalPerson', 'user', 'computer', 'msDS-ManagedServiceAccount'],
      'service-account',
    ],
    [['top', 'user', 'computer', 'msDS-GroupManagedServiceAccount'], 'service-account'],
    [['top', 'group'], 'group'],
    [['top', 'foreignSecurityPrincipal'], null],
  ])('%j → %s', (classes, kind) => {
    expect(principalKind(classes)).toBe(kind);
  });
});

describe('isDirectorySid', () => {
  it.each([
    [`${DOMAIN}-512`, true],
    ['S-1-5-32-544', true],
    ['S-1-1-0', false],
    ['S-1-5-10', false],
    ['S-1-5-18', false],
    ['S-1-5-9', false],
    ['S-1-3-0', false],
  ])('%s → %s', (sid, searched) => {
    expect(isDirectorySid(sid)).toBe(searched);
  });
});

describe('principalWithoutObject', () => {
  it('names well-known SIDs', () => {
    expect(principalWithoutObject('S-1-5-11')).toMatchObject({
      name: 'Authenticated Users',
      kind: 'well-known',
    });
    // a domain's Domain Admins, even another domain's, has a known name
    expect(principalWithoutObject('S-1-5-21-1-2-3-512')).toMatchObject({
      name: 'Domain Admins',
      kind: 'well-known',
    });
  });

  it('leaves a SID nobody has as unknown, named by the SID', () => {
    expect(principalWithoutObject(`${DOMAIN}-99999`)).toEqual({
      sid: `${DOMAIN}-99999`,
      name: `${DOMAIN}-99999`,
      kind: 'unknown',
      distinguishedName: null,
      memberOfDns: [],
      primaryGroupSid: null,
    });
  });
});

describe('toPrincipalRecord', () => {
  it('reads a user with its groups and primary group', () => {
    const entry = new LdapEntry({
      dn: 'CN=Lee Gu,OU=People,DC=corp,DC=example,DC=test',
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      objectSid: sidToBytes(`${DOMAIN}-2725`),
      sAMAccountName: 'leeg',
      cn: 'Lee Gu',
      memberOf: 'CN=Report Operators,OU=Groups,DC=corp,DC=example,DC=test',
      primaryGroupID: '513',
    });
    expect(toPrincipalRecord(entry)).toEqual({
      sid: `${DOMAIN}-2725`,
      name: 'leeg',
      kind: 'user',
      distinguishedName: 'CN=Lee Gu,OU=People,DC=corp,DC=example,DC=test',
      memberOfDns: ['CN=Report Operators,OU=Groups,DC=corp,DC=example,DC=test'],
      primaryGroupSid: `${DOMAIN}-513`,
    });
  });

  it('gives a group no primary group and falls back to cn for the name', () => {
    const entry = new LdapEntry({
      dn: 'CN=Report Servers,OU=Groups,DC=x',
      objectClass: ['top', 'group'],
      objectSid: sidToBytes(`${DOMAIN}-2737`),
      cn: 'Report Servers',
      memberOf: [],
    });
    expect(toPrincipalRecord(entry)).toMatchObject({
      name: 'Report Servers',
      kind: 'group',
      primaryGroupSid: null,
    });
  });

  it('keeps a foreign security principal unresolved but located', () => {
    const entry = new LdapEntry({
      dn: 'CN=S-1-5-21-9-9-9-1105,CN=ForeignSecurityPrincipals,DC=x',
      objectClass: ['top', 'foreignSecurityPrincipal'],
      objectSid: sidToBytes('S-1-5-21-9-9-9-1105'),
      cn: 'S-1-5-21-9-9-9-1105',
    });
    expect(toPrincipalRecord(entry)).toMatchObject({
      kind: 'unknown',
      name: 'S-1-5-21-9-9-9-1105',
      distinguishedName: 'CN=S-1-5-21-9-9-9-1105,CN=ForeignSecurityPrincipals,DC=x',
    });
  });

  it('skips an entry without a readable SID', () => {
    expect(toPrincipalRecord(new LdapEntry({ dn: 'CN=x', objectClass: ['user'] }))).toBeNull();
  });
});

describe('toResolvedPrincipal', () => {
  it('keeps group SIDs for objects only', () => {
    expect(toResolvedPrincipal(principalWithoutObject('S-1-1-0'), ['S-1-5-32-545']).groupSids).toEqual([]);
    const record = { ...principalWithoutObject(`${DOMAIN}-2725`), kind: 'user' as const, name: 'leeg' };
    expect(toResolvedPrincipal(record, [`${DOMAIN}-513`])).toEqual({
      sid: `${DOMAIN}-2725`,
      name: 'leeg',
      kind: 'user',
      distinguishedName: null,
      groupSids: [`${DOMAIN}-513`],
    });
  });
});
