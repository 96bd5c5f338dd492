import { toChanges } from '../../src/directory/ldap-directory-writer';

const DN = 'CN=svc,OU=Service Accounts,DC=corp,DC=example,DC=test';

const shape = (changes: ReturnType<typeof toChanges>) =>
  changes.map((c) => ({ op: c.operation, type: c.modification.type, values: c.modification.values }));

describe('LdapDirectoryWriter modify operations', () => {
  it('swaps a number as delete-old + add-new in one modify, never a replace', () => {
    expect(
      shape(toChanges({ kind: 'swap-number', dn: DN, attribute: 'account-control', from: 4096, to: 4098 })),
    ).toEqual([
      { op: 'delete', type: 'userAccountControl', values: ['4096'] },
      { op: 'add', type: 'userAccountControl', values: ['4098'] },
    ]);
  });

  it('only adds when the attribute was not set, only deletes when it is to be unset', () => {
    expect(
      shape(toChanges({ kind: 'swap-number', dn: DN, attribute: 'encryption-types', from: null, to: 24 })),
    ).toEqual([{ op: 'add', type: 'msDS-SupportedEncryptionTypes', values: ['24'] }]);
    expect(
      shape(toChanges({ kind: 'swap-number', dn: DN, attribute: 'encryption-types', from: 24, to: null })),
    ).toEqual([{ op: 'delete', type: 'msDS-SupportedEncryptionTypes', values: ['24'] }]);
  });

  it('deletes exactly the given member value, and sends RBCD descriptors as bytes', () => {
    expect(
      shape(toChanges({ kind: 'remove-values', dn: 'CN=G', attribute: 'member', values: [DN] })),
    ).toEqual([{ op: 'delete', type: 'member', values: [DN] }]);
    const [rbcd] = toChanges({
      kind: 'remove-values',
      dn: DN,
      attribute: 'resource-delegation',
      values: [Buffer.from([1, 0, 4, 0x80]).toString('base64')],
    });
    expect(rbcd?.modification.type).toBe('msDS-AllowedToActOnBehalfOfOtherIdentity');
    expect(rbcd?.modification.values).toEqual([Buffer.from([1, 0, 4, 0x80])]);
    expect(
      shape(toChanges({ kind: 'add-values', dn: DN, attribute: 'delegation-targets', values: ['HTTP/a'] })),
    ).toEqual([{ op: 'add', type: 'msDS-AllowedToDelegateTo', values: ['HTTP/a'] }]);
  });
});
