import { expandPasswordReaders, membershipPaths, type GroupNode } from '../../src/directory/membership-paths';
import { principal } from '../audit/support/facts-fixture';

const group = (name: string, rid: number, memberOf: string[] = []): GroupNode => ({
  group: { distinguishedName: `CN=${name},OU=G`, name, sid: `S-1-5-21-1-2-3-${rid}` },
  memberOfDns: memberOf.map((n) => `CN=${n},OU=G`),
});

describe('membershipPaths', () => {
  const nodes = [
    group('Tier0 Ops', 1601, ['Tier0 Roles']),
    group('Tier0 Roles', 1602, ['Administrators', 'Tier0 Ops']), // a cycle back to Tier0 Ops
    group('Administrators', 544),
    group('SQL Servers', 1700, ['Administrators']),
  ];
  const groups = new Map(nodes.map((n) => [n.group.distinguishedName.toLowerCase(), n]));

  it('gives each group once with its shortest path, surviving cycles', () => {
    const paths = membershipPaths(['CN=TIER0 OPS,OU=G', 'cn=SQL Servers,OU=G', 'CN=Outside,OU=X'], groups);
    expect(paths.map((m) => [m.group.name, m.via.map((g) => g.name)])).toEqual([
      ['Tier0 Ops', []],
      ['SQL Servers', []],
      ['Tier0 Roles', ['Tier0 Ops']],
      ['Administrators', ['SQL Servers']],
    ]);
  });
});

describe('expandPasswordReaders', () => {
  it('expands groups transitively, once per principal, with the path', () => {
    const web = principal({ sid: 'S-1-5-21-1-2-3-1300', name: 'WebServers', kind: 'group' });
    const admins = principal({ sid: 'S-1-5-21-1-2-3-1302', name: 'Web Admins', kind: 'group' });
    const web01 = principal({ sid: 'S-1-5-21-1-2-3-1301', name: 'WEB01$', kind: 'computer' });
    const jdoe = principal({ sid: 'S-1-5-21-1-2-3-1105', name: 'jdoe' });
    const members = new Map([
      [web.sid, [web01, admins]],
      [admins.sid, [jdoe, web]], // cycle
    ]);
    const readers = expandPasswordReaders([web, web01], members);
    expect(readers.map((r) => [r.principal.name, r.via])).toEqual([
      ['WebServers', []],
      ['WEB01$', []],
      ['Web Admins', ['WebServers']],
      ['jdoe', ['WebServers', 'Web Admins']],
    ]);
  });
});
