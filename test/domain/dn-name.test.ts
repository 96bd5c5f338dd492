import { dnName } from '../../src/domain/dn-name';

describe('dnName', () => {
  it.each([
    ['CN=SQL Servers,OU=Groups,DC=corp,DC=example,DC=test', 'SQL Servers'],
    ['CN=Tier0 Ops\\, EU,OU=Groups,DC=corp', 'Tier0 Ops, EU'],
    ['CN=J\\C3\\BCrgen,OU=Users', 'Jürgen'],
    ['CN=Jürgen,OU=Users', 'Jürgen'],
    ['CN=a\\+b+UID=1,DC=x', 'a+b'],
    ['cn=lower,dc=x', 'lower'],
    ['CN=\\23hash\\\\back,DC=x', '#hash\\back'],
    ['not a dn', 'not a dn'],
    ['CN=,DC=x', 'CN=,DC=x'],
  ])('%s → %s', (dn, name) => {
    expect(dnName(dn)).toBe(name);
  });
});
