import { dnKey } from '../../src/domain/dn-key';
import { escapeDnValue, looksLikeDn, splitDn } from '../../src/directory/dn';

describe('escapeDnValue (RFC 4514)', () => {
  it.each([
    ['svc_sql01', 'svc_sql01'],
    ['svc (legacy) *star* back\\slash', 'svc (legacy) *star* back\\\\slash'],
    ['Smith, John', 'Smith\\, John'],
    ['a+b="c"<d>;e', 'a\\+b\\=\\"c\\"\\<d\\>\\;e'],
    [' lead', '\\ lead'],
    ['trail ', 'trail\\ '],
    ['#hash', '\\#hash'],
    ['mid#dle', 'mid#dle'],
    ['nul\0', 'nul\\00'],
    ['tab\t', 'tab\\09'],
    ['svc_münchen', 'svc_münchen'],
  ])('%j → %j', (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });
});

describe('splitDn / looksLikeDn / dnKey', () => {
  it('splits at unescaped commas only', () => {
    expect(splitDn('CN=Smith\\, John,OU=People,DC=corp')).toEqual([
      'CN=Smith\\, John',
      'OU=People',
      'DC=corp',
    ]);
    expect(splitDn('CN=back\\\\slash,DC=x')).toEqual(['CN=back\\\\slash', 'DC=x']);
  });

  it.each([
    ['CN=svc_sql01,OU=Service Accounts,DC=corp,DC=example,DC=test', true],
    ['cn=x', true],
    ['2.5.4.3=x,DC=y', true],
    ['svc_sql01', false],
    ['*)(objectClass=*', false],
    ['CN=x,,DC=y', false],
    ['=x', false],
    ['', false],
  ])('looksLikeDn(%j) = %s', (text, expected) => {
    expect(looksLikeDn(text)).toBe(expected);
  });

  it('keys DNs case-insensitively', () => {
    expect(dnKey(' CN=SRV01,OU=Servers,DC=corp ')).toBe(dnKey('cn=srv01,ou=servers,dc=corp'));
  });
});
