import { LdapAccessDirectory } from '../../src/directory/ldap-access-directory';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { RoleGroup } from '../../src/domain/access-directory';
import { testDirectoryOptions } from '../support/dc';

/** The access lookup against the seeded Samba DC (test/fixtures/directory/60-access-people.ldif). */
const BASE = 'DC=corp,DC=example,DC=test';
const APPROVERS_DN = `CN=msa-warden-approvers,OU=Groups,${BASE}`;
const GROUPS: RoleGroup[] = [
  { role: 'reader', group: 'msa-warden-readers' },
  { role: 'approver', group: APPROVERS_DN },
];

let ldap: LdapDirectory;
let access: LdapAccessDirectory;
beforeAll(() => {
  ldap = new LdapDirectory(testDirectoryOptions());
  access = new LdapAccessDirectory(ldap);
});
afterAll(() => ldap.close());

const members = async (upn: string, attribute: 'userPrincipalName' | 'mail' = 'userPrincipalName') => {
  const people = await access.findPeople(attribute, upn, GROUPS);
  expect(people).toHaveLength(1);
  const person = people[0]!;
  return { person, roles: person.memberships.filter((m) => m.member).map((m) => m.role) };
};

describe('LdapAccessDirectory on the Samba DC', () => {
  it('finds a reader by sAMAccountName-configured group', async () => {
    const { person, roles } = await members('rhea@corp.example.test');
    expect(roles).toEqual(['reader']);
    expect(person).toMatchObject({ accountName: 'rhear', disabled: false, lockedOut: false });
    expect(person.memberships[0]).toMatchObject({ groupDn: `CN=msa-warden-readers,OU=Groups,${BASE}` });
  });

  it('finds an approver through a nested group, decided by the directory', async () => {
    const { person, roles } = await members('nora@corp.example.test');
    expect(roles).toEqual(['approver']);
    expect(await access.membershipChain(person.dn, APPROVERS_DN)).toEqual([
      'msa-warden-tier1',
      'msa-warden-approvers',
    ]);
    expect(await access.membershipChain(person.dn, `CN=msa-warden-readers,OU=Groups,${BASE}`)).toBeNull();
  });

  it('reports a disabled member of the approvers group as disabled', async () => {
    const { person, roles } = await members('dirk@corp.example.test');
    expect(person.disabled).toBe(true);
    expect(roles).toEqual(['approver']);
  });

  it('finds a user in no group with no membership', async () => {
    expect((await members('gus@corp.example.test')).roles).toEqual([]);
  });

  it('matches the userPrincipalName, not sAMAccountName@domain, or mail when asked', async () => {
    expect((await members('uma.k@ops.example.test')).person.accountName).toBe('ukowalski');
    expect(await access.findPeople('userPrincipalName', 'ukowalski@corp.example.test', GROUPS)).toEqual([]);
    expect((await members('uma.kowalski@corp.example.test', 'mail')).roles).toEqual(['reader']);
  });

  it('treats filter syntax in a UPN as a plain value', async () => {
    expect(await access.findPeople('userPrincipalName', '*)(objectClass=*', GROUPS)).toEqual([]);
    expect(await access.findPeople('userPrincipalName', '*', GROUPS)).toEqual([]);
  });

  it('marks a group that does not exist and grants nothing through it', async () => {
    const people = await access.findPeople('userPrincipalName', 'rhea@corp.example.test', [
      { role: 'reader', group: 'no-such-group' },
    ]);
    expect(people[0]?.memberships).toEqual([
      { role: 'reader', group: 'no-such-group', groupDn: null, member: false },
    ]);
  });

  it('sees the demo people enabled in MSA Warden Readers / Approvers', async () => {
    const demo: RoleGroup[] = [
      { role: 'reader', group: 'MSA Warden Readers' },
      { role: 'approver', group: 'MSA Warden Approvers' },
    ];
    const alex = (await access.findPeople('userPrincipalName', 'alex@corp.example.test', demo))[0]!;
    const megan = (await access.findPeople('userPrincipalName', 'megan@corp.example.test', demo))[0]!;
    expect(alex.disabled).toBe(false);
    expect(alex.memberships.map((m) => m.member)).toEqual([true, true]);
    expect(megan.memberships.map((m) => m.member)).toEqual([true, false]);
  });
});
