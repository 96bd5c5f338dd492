import { AndFilter, EqualityFilter, OrFilter } from 'ldapts';
import type { Filter } from 'ldapts';
import {
  computerByHostFilter,
  computersFilter,
  distinguishedNamesFilter,
  groupsContainingFilter,
  membersOfFilter,
  serviceAccountByNameFilter,
  serviceAccountsFilter,
} from '../../src/directory/filters';

/** Every (attribute, value) pair of the equality tests inside a filter tree. */
function equalities(filter: Filter): [string, string][] {
  if (filter instanceof EqualityFilter) return [[filter.attribute, String(filter.value)]];
  if (filter instanceof AndFilter || filter instanceof OrFilter) return filter.filters.flatMap(equalities);
  return [];
}

describe('filters', () => {
  it('escapes an injection attempt in a host name', () => {
    const filter = computerByHostFilter('*)(objectClass=*');
    expect(filter.toString()).toBe(
      '(&(objectCategory=computer)(|(cn=\\2a\\29\\28objectClass=\\2a)(sAMAccountName=\\2a\\29\\28objectClass=\\2a)' +
        '(dNSHostName=\\2a\\29\\28objectClass=\\2a)(sAMAccountName=\\2a\\29\\28objectClass=\\2a$)))',
    );
    // On the wire the value is one literal octet string per equality test, never filter syntax.
    expect(equalities(filter)).toContainEqual(['cn', '*)(objectClass=*']);
  });

  it('escapes *, (, ), \\ and NUL in an account name', () => {
    const filter = serviceAccountByNameFilter('svc (legacy) *star* back\\slash\0');
    expect(filter.toString()).toContain('(cn=svc \\28legacy\\29 \\2astar\\2a back\\5cslash\\00)');
  });

  it('looks a host up by cn, sAMAccountName (with and without $) and dNSHostName', () => {
    expect(equalities(computerByHostFilter(' SRV01 '))).toEqual([
      ['objectCategory', 'computer'],
      ['cn', 'SRV01'],
      ['sAMAccountName', 'SRV01'],
      ['dNSHostName', 'SRV01'],
      ['sAMAccountName', 'SRV01$'],
    ]);
    expect(equalities(computerByHostFilter('SRV01$'))).not.toContainEqual(['sAMAccountName', 'SRV01$$']);
  });

  it('matches an account by DN only when the text looks like a DN', () => {
    const dn = 'CN=svc_sql01,OU=Service Accounts,DC=corp,DC=example,DC=test';
    expect(equalities(serviceAccountByNameFilter(dn))).toContainEqual(['distinguishedName', dn]);
    expect(equalities(serviceAccountByNameFilter('svc_sql01')).map(([a]) => a)).not.toContain(
      'distinguishedName',
    );
    expect(equalities(serviceAccountByNameFilter('svc_sql01'))).toContainEqual([
      'sAMAccountName',
      'svc_sql01$',
    ]);
  });

  it('selects service accounts by objectClass, computers by objectCategory', () => {
    expect(serviceAccountsFilter(['sMSA']).toString()).toBe('(objectClass=msDS-ManagedServiceAccount)');
    expect(serviceAccountsFilter(['gMSA']).toString()).toBe('(objectClass=msDS-GroupManagedServiceAccount)');
    expect(serviceAccountsFilter().toString()).toBe(
      '(|(objectClass=msDS-ManagedServiceAccount)(objectClass=msDS-GroupManagedServiceAccount))',
    );
    expect(computersFilter().toString()).toBe('(objectCategory=computer)');
    expect(() => serviceAccountsFilter([])).toThrow(RangeError);
  });

  it('builds DN lists and in-chain membership filters with escaped values', () => {
    expect(distinguishedNamesFilter(['CN=a\\,b,DC=x', 'CN=c*,DC=x']).toString()).toBe(
      '(|(distinguishedName=CN=a\\5c,b,DC=x)(distinguishedName=CN=c\\2a,DC=x))',
    );
    expect(() => distinguishedNamesFilter([])).toThrow(RangeError);
    expect(groupsContainingFilter('CN=x (y),DC=z').toString()).toBe(
      '(member:1.2.840.113556.1.4.1941:=CN=x \\28y\\29,DC=z)',
    );
    expect(membersOfFilter('CN=G,DC=z').toString()).toBe('(memberOf:1.2.840.113556.1.4.1941:=CN=G,DC=z)');
  });
});
