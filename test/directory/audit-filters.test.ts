import { BerWriter } from 'ldapts';
import type { Filter } from 'ldapts';
import {
  groupsFilter,
  hostedOnFilter,
  objectSidsFilter,
  servicePrincipalNamesFilter,
  spnsNamingHostFilter,
  userServiceAccountsFilter,
} from '../../src/directory/audit-filters';
import { sidToBytes } from '../../src/directory/sid';

const ber = (filter: Filter): Buffer => {
  const writer = new BerWriter();
  filter.write(writer);
  return writer.buffer;
};

describe('audit filters', () => {
  it('matches SIDs by their binary form', () => {
    const filter = objectSidsFilter(['S-1-5-32-544']);
    expect(filter.toString()).toBe(
      '(objectSid=\\01\\02\\00\\00\\00\\00\\00\\05\\20\\00\\00\\00\\20\\02\\00\\00)',
    );
    expect(ber(filter).includes(sidToBytes('S-1-5-32-544'))).toBe(true);
    expect(objectSidsFilter(['S-1-5-32-544', 'S-1-5-32-548']).toString()).toMatch(
      /^\(\|\(objectSid=.*\)\(objectSid=.*\)\)$/,
    );
  });

  it('names groups by DN or SID, groups only', () => {
    expect(groupsFilter(['CN=A,DC=x'], []).toString()).toBe(
      '(&(objectClass=group)(distinguishedName=CN=A,DC=x))',
    );
    expect(groupsFilter(['CN=A,DC=x'], ['S-1-5-32-544']).toString()).toMatch(
      /^\(&\(objectClass=group\)\(\|\(distinguishedName=CN=A,DC=x\)\(objectSid=\\01.*\)\)\)$/,
    );
  });

  it('refuses an empty list instead of matching everything or nothing', () => {
    expect(() => objectSidsFilter([])).toThrow(RangeError);
    expect(() => groupsFilter([], [])).toThrow(RangeError);
    expect(() => servicePrincipalNamesFilter([])).toThrow(RangeError);
  });

  it('sends SPNs, DNs and host names as literal values', () => {
    expect(servicePrincipalNamesFilter(['HTTP/a*', 'x)(cn=*']).toString()).toBe(
      '(|(servicePrincipalName=HTTP/a\\2a)(servicePrincipalName=x\\29\\28cn=\\2a))',
    );
    expect(hostedOnFilter('CN=SRV01,OU=Servers,DC=x').toString()).toBe(
      '(msDS-HostServiceAccountBL=CN=SRV01,OU=Servers,DC=x)',
    );
    expect(spnsNamingHostFilter(['a*b)(']).toString()).toBe(
      '(|(servicePrincipalName=*/a\\2ab\\29\\28)(servicePrincipalName=*/a\\2ab\\29\\28:*)(servicePrincipalName=*/a\\2ab\\29\\28/*))',
    );
  });

  it('finds user accounts with SPNs, optionally naming a host', () => {
    expect(userServiceAccountsFilter(null).toString()).toBe(
      '(&(objectCategory=person)(objectClass=user)(servicePrincipalName=*))',
    );
    expect(userServiceAccountsFilter(['SRV01']).toString()).toBe(
      '(&(objectCategory=person)(objectClass=user)(servicePrincipalName=*)' +
        '(|(servicePrincipalName=*/SRV01)(servicePrincipalName=*/SRV01:*)(servicePrincipalName=*/SRV01/*)))',
    );
  });
});
