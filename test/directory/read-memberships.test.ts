import type { GroupNode } from '../../src/directory/membership-paths';
import type { ResolvedPrincipal } from '../../src/domain/audit-facts';
import {
  GroupCache,
  isBroadGroup,
  passwordReaders,
  readGroupMembers,
  resolveWith,
} from '../../src/directory/read-memberships';
import type { FetchByDn, MemberRead } from '../../src/directory/read-memberships';
import type { PrincipalRecord } from '../../src/directory/resolve-principals';

const D = 'S-1-5-21-1-2-3';

/** A directory of groups: name → parents. DN `CN=<name>,DC=x`, SID `${D}-<rid>`. */
function groupGraph(parents: Record<string, { rid: number; memberOf: string[] }>) {
  const dn = (name: string): string => `CN=${name},DC=x`;
  const nodes: GroupNode[] = Object.entries(parents).map(([name, { rid, memberOf }]) => ({
    group: { distinguishedName: dn(name), name, sid: `${D}-${rid}` },
    memberOfDns: memberOf.map(dn),
  }));
  const calls: Array<{ dns: string[]; sids: string[] }> = [];
  const fetch = (dns: string[], sids: string[]): Promise<GroupNode[]> => {
    calls.push({ dns, sids });
    return Promise.resolve(
      nodes.filter(
        (n) =>
          dns.some((d) => d.toLowerCase() === n.group.distinguishedName.toLowerCase()) ||
          sids.some((s) => s.toUpperCase() === n.group.sid.toUpperCase()),
      ),
    );
  };
  return { dn, calls, fetch };
}

const graph = () =>
  groupGraph({
    'Scheduled Tasks': { rid: 2732, memberOf: ['Tier0 Service Ops'] },
    'Tier0 Service Ops': { rid: 2733, memberOf: ['Administrators'] },
    Administrators: { rid: 544, memberOf: [] },
    'Domain Computers': { rid: 515, memberOf: [] },
    // a cycle: A ⊂ B ⊂ A
    A: { rid: 3001, memberOf: ['B'] },
    B: { rid: 3002, memberOf: ['A', 'Administrators'] },
  });

describe('GroupCache', () => {
  it('reads one level per search and gives each group its shortest path', async () => {
    const { dn, calls, fetch } = graph();
    const cache = new GroupCache(fetch);
    await cache.load([dn('Scheduled Tasks'), dn('Tier0 Service Ops')], []);
    expect(calls).toHaveLength(2); // Scheduled Tasks + Tier0 Service Ops, then Administrators
    const paths = cache.memberships([dn('Scheduled Tasks'), dn('Tier0 Service Ops')], null);
    expect(paths.map((m) => [m.group.name, m.via.map((g) => g.name)])).toEqual([
      ['Scheduled Tasks', []],
      ['Tier0 Service Ops', []],
      ['Administrators', ['Tier0 Service Ops']],
    ]);
  });

  it('never reads a group twice, found or not, and survives cycles', async () => {
    const { dn, calls, fetch } = graph();
    const cache = new GroupCache(fetch);
    await cache.load([dn('A'), 'CN=Gone,DC=x'], []);
    await cache.load([dn('B'), 'cn=gone,dc=x', dn('Administrators')], []);
    const asked = calls.flatMap((c) => c.dns.map((d) => d.toLowerCase()));
    expect(asked.sort()).toEqual(['cn=a,dc=x', 'cn=administrators,dc=x', 'cn=b,dc=x', 'cn=gone,dc=x']);
    expect(cache.memberships([dn('A')], null).map((m) => m.group.name)).toEqual(['A', 'B', 'Administrators']);
  });

  it('reads the primary group by SID and counts it as a direct membership', async () => {
    const { dn, fetch } = graph();
    const cache = new GroupCache(fetch);
    await cache.load([dn('Scheduled Tasks')], [`${D}-515`]);
    const paths = cache.memberships([dn('Scheduled Tasks')], `${D}-515`);
    expect(paths.find((m) => m.group.name === 'Domain Computers')?.via).toEqual([]);
    expect(cache.groupBySid(`${D}-515`)?.group.name).toBe('Domain Computers');
  });

  it('gives a principal the SIDs of all its groups, the primary one even when unreadable', async () => {
    const { dn, fetch } = graph();
    const cache = new GroupCache(fetch);
    await cache.load([dn('Scheduled Tasks')], [`${D}-513`]);
    const record: PrincipalRecord = {
      sid: `${D}-2725`,
      name: 'leeg',
      kind: 'user',
      distinguishedName: 'CN=Lee Gu,DC=x',
      memberOfDns: [dn('Scheduled Tasks')],
      primaryGroupSid: `${D}-513`,
    };
    expect(cache.groupSids(record).sort()).toEqual([`${D}-2732`, `${D}-2733`, `${D}-513`, `${D}-544`].sort());
  });
});

describe('readGroupMembers', () => {
  const group = (name: string, rid: number, memberOf: string[] = []): PrincipalRecord => ({
    sid: `${D}-${rid}`,
    name,
    kind: 'group',
    distinguishedName: `CN=${name},DC=x`,
    memberOfDns: memberOf.map((g) => `CN=${g},DC=x`),
    primaryGroupSid: null,
  });
  const user = (name: string, rid: number, memberOf: string[]): PrincipalRecord => ({
    ...group(name, rid, memberOf),
    kind: 'user',
    primaryGroupSid: `${D}-513`,
  });
  const dn = (name: string): string => `CN=${name},DC=x`;
  /** object → the names of its direct members (`member`) */
  const directory: MemberRead[] = [
    { record: group('Report Servers', 2737), memberDns: ['Report Operators', 'APP05$', 'gone'].map(dn) },
    {
      record: group('Report Operators', 2736, ['Report Servers', 'Loop']),
      memberDns: ['pradeepg', 'adm-tier0', 'Loop', 'pradeepg'].map(dn),
    },
    { record: user('pradeepg', 2727, ['Report Operators']), memberDns: [] },
    { record: user('adm-tier0', 2728, ['Report Operators', 'Domain Admins']), memberDns: [] },
    { record: { ...user('APP05$', 2724, ['Report Servers']), kind: 'computer' }, memberDns: [] },
    // Report Operators ⊂ Loop ⊂ Report Operators
    { record: group('Loop', 4000, ['Report Operators']), memberDns: [dn('Report Operators')] },
  ];
  const byDn = (asked: string[][]): FetchByDn => {
    return (dns) => {
      asked.push(dns);
      const wanted = new Set(dns.map((d) => d.toLowerCase()));
      return Promise.resolve(
        directory.filter((o) => wanted.has(o.record.distinguishedName?.toLowerCase() ?? '')),
      );
    };
  };

  it('reads by DN level by level, each group expanded once and each object read once', async () => {
    const asked: string[][] = [];
    const result = await readGroupMembers([group('Report Servers', 2737)], byDn(asked));
    expect(asked).toEqual([
      [dn('Report Servers')],
      ['Report Operators', 'APP05$', 'gone'].map(dn),
      ['pradeepg', 'adm-tier0', 'Loop'].map(dn),
    ]);
    const names = (sid: string) =>
      result.members
        .get(sid)
        ?.map((m) => m.name)
        .sort();
    expect(names(`${D}-2737`)).toEqual(['APP05$', 'Report Operators']);
    expect(names(`${D}-2736`)).toEqual(['Loop', 'adm-tier0', 'pradeepg']);
    expect(names(`${D}-4000`)).toEqual(['Report Operators']);
    expect(result.records.size).toBe(5);
  });

  it('does not expand broad groups or non-groups', async () => {
    const fetch = jest.fn((): Promise<MemberRead[]> => Promise.resolve([]));
    const builtinUsers = { ...group('Users', 0), sid: 'S-1-5-32-545' };
    await readGroupMembers([group('Domain Users', 513), builtinUsers, user('x', 5, [])], fetch);
    expect(fetch).not.toHaveBeenCalled();
    expect(isBroadGroup(`${D}-515`)).toBe(true);
    expect(isBroadGroup(`${D}-2737`)).toBe(false);
  });

  it('turns members into password readers with the groups they came through', async () => {
    const result = await readGroupMembers([group('Report Servers', 2737)], byDn([]));
    const cache = new GroupCache(() => Promise.resolve([]));
    const resolve = resolveWith(cache);
    const trustee: ResolvedPrincipal = resolve(group('Report Servers', 2737));
    const readers = passwordReaders([trustee], result, resolve);
    expect(readers.map((r) => `${r.principal.name} via ${r.via.join(' > ')}`)).toEqual([
      'Report Servers via ',
      'Report Operators via Report Servers',
      'APP05$ via Report Servers',
      'pradeepg via Report Servers > Report Operators',
      'adm-tier0 via Report Servers > Report Operators',
      'Loop via Report Servers > Report Operators',
    ]);
    expect(readers.find((r) => r.principal.name === 'pradeepg')?.principal.groupSids).toEqual([`${D}-513`]);
  });
});
