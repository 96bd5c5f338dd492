/**
 * The scale domain of `npm run bench:seed` (issue 12), generated from a fixed seed: the same version
 * and size give the same entries and the same ground truth on every machine. Pure: no directory, no
 * clock. The entries come in stages; entries of one stage do not depend on each other, so a loader
 * may write a stage over several connections at once, and must finish a stage before the next.
 */
import { buildSecurityDescriptor } from '../../test/support/security-descriptor-writer';

/**
 * Bump when the generated domain changes: it keys the cached DC tarball.
 * 4: the full size has 73,500 users (was 50,000), so the domain reaches 100,000 objects.
 */
export const BENCH_DOMAIN_VERSION = 'bench-domain-4';

export const BASE_DN = 'DC=corp,DC=example,DC=test';
/** Where `npm run bench:seed` puts the domain: its own OU in the domain partition. */
export const BENCH_OU = `OU=Bench,${BASE_DN}`;
/**
 * Where the smoke test puts its small domain in the shared test DC: the configuration partition, which
 * the other tests' searches of the domain partition never enter (like the fix targets).
 */
export const SMOKE_ROOT = `CN=msa-warden-bench,CN=Configuration,${BASE_DN}`;
/** Fixed by scripts/dc/dc.sh (--domain-sid), so Domain Users' SID is known before the DC exists. */
export const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';

export interface DomainSize {
  users: number;
  computers: number;
  smsas: number;
  gmsas: number;
  /** role groups, nested up to 6 levels (the gMSA reader groups come on top: one per gMSA) */
  roleGroups: number;
  /** groups holding bigGroupMembers users each */
  bigGroups: number;
  bigGroupMembers: number;
}

/**
 * Issue 12's "100,000-object domain". The issue's list (50,000 users, 20,000 computers, 5,000 sMSAs,
 * 500 gMSAs, 1,000 groups) is 76,500 objects; the full size keeps every listed count and adds 23,500
 * users to reach 100,000: 73,500 users + 20,000 + 5,000 + 500 + 1,000 groups (498 role groups,
 * 2 big groups, 500 gMSA reader groups), plus the bench's 5 OUs and the DC's own objects.
 */
export const FULL_SIZE: DomainSize = {
  users: 73_500,
  computers: 20_000,
  smsas: 5_000,
  gmsas: 500,
  roleGroups: 498,
  bigGroups: 2,
  bigGroupMembers: 6_000,
};

/** About 200 objects: the jest smoke test and `npm run bench -- --smoke`. */
export const SMOKE_SIZE: DomainSize = {
  users: 80,
  computers: 40,
  smsas: 40,
  gmsas: 8,
  roleGroups: 24,
  bigGroups: 1,
  bigGroupMembers: 30,
};

export type EntryValue = string | Buffer;

export type Change =
  | { kind: 'add'; dn: string; attributes: Record<string, EntryValue[]> }
  /** adds values to one attribute of an existing object */
  | { kind: 'add-values'; dn: string; attribute: string; values: string[] };

export interface Stage {
  name: string;
  changes: Change[];
}

/** What the generator knows the answers must say. */
export interface GroundTruth {
  version: string;
  size: DomainSize;
  /** host sAMAccountName (without $) → sMSA names (without $) linked to it, sorted */
  hosts: Record<string, string[]>;
  /**
   * account name (without $) → each privileged group it reaches not through another privileged group,
   * with the shortest chain of group names from its direct group to the privileged group
   */
  privileged: Record<string, { group: string; chain: string[] }[]>;
  counts: Record<string, number>;
}

/** Built-in privileged groups the bench nests its groups and accounts into. */
const BUILTIN_PRIVILEGED = [
  { name: 'Domain Admins', dn: `CN=Domain Admins,CN=Users,${BASE_DN}` },
  { name: 'Account Operators', dn: `CN=Account Operators,CN=Builtin,${BASE_DN}` },
  { name: 'Backup Operators', dn: `CN=Backup Operators,CN=Builtin,${BASE_DN}` },
  { name: 'Server Operators', dn: `CN=Server Operators,CN=Builtin,${BASE_DN}` },
];
/** The smoke domain's stand-ins, privileged by name through the audit config's extra groups. */
export const OWN_PRIVILEGED_NAMES = ['bench-tier0-1', 'bench-tier0-2'];

export interface GenerateOptions {
  size: DomainSize;
  /** the domain's root: BENCH_OU (OUs below it) or SMOKE_ROOT (containers below it) */
  root?: string;
  /** nest into the built-in privileged groups, or into groups of its own (OWN_PRIVILEGED_NAMES) */
  privileged?: 'builtin' | 'own';
  seed?: number;
}

const GENERIC_ALL = 0x10000000;
const FULL_CONTROL = 0xf01ff;
const READ = 0x20094;
const UF_ACCOUNTDISABLE = 0x2;
const UF_WORKSTATION_TRUST_ACCOUNT = 0x1000;
const UF_TRUSTED_FOR_DELEGATION = 0x80000;
const NESTING_LEVELS = 6;

/** mulberry32: small, fast, and the same numbers everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const userName = (i: number): string => `bu${pad(i, 5)}`;
export const hostName = (i: number): string => `BH${pad(i, 5)}`;
export const smsaName = (i: number): string => `bsvc${pad(i, 4)}`;
export const gmsaName = (i: number): string => `bgmsa${pad(i, 3)}`;
const roleGroupName = (i: number): string => `bg-role-${pad(i, 3)}`;
const readerGroupName = (i: number): string => `bg-gmsa-readers-${pad(i, 3)}`;
const bigGroupName = (i: number): string => `bg-all-staff-${i}`;

/** A descriptor granting Domain Users full control beside the usual trustees: a dangerous ACE. */
function dangerousDescriptor(): Buffer {
  return Buffer.from(
    buildSecurityDescriptor({
      owner: `${DOMAIN_SID}-512`,
      group: `${DOMAIN_SID}-512`,
      dacl: [
        { type: 'access-allowed', sid: 'S-1-5-18', mask: FULL_CONTROL },
        { type: 'access-allowed', sid: `${DOMAIN_SID}-512`, mask: FULL_CONTROL },
        { type: 'access-allowed', sid: 'S-1-5-11', mask: READ },
        { type: 'access-allowed', sid: `${DOMAIN_SID}-513`, mask: GENERIC_ALL },
      ],
    }),
  );
}

/** msDS-GroupMSAMembership allowing one SID to read the password. */
export function passwordReadersDescriptor(sid: string): Buffer {
  return Buffer.from(
    buildSecurityDescriptor({
      owner: 'S-1-5-32-544',
      dacl: [{ type: 'access-allowed', sid, mask: FULL_CONTROL }],
    }),
  );
}

interface Group {
  name: string;
  dn: string;
  level: number;
  members: string[];
  /** the group (or privileged group) this one is nested in, by DN */
  parent: string | null;
}

export interface BenchDomain {
  /** stages before the gMSAs, which need their reader groups' SIDs */
  stages: Stage[];
  /** the gMSA stages, given a way to look up a reader group's SID by DN */
  gmsaStages(sidOf: (dn: string) => string): Stage[];
  readerGroupDns: string[];
  groundTruth: GroundTruth;
}

export function generateBenchDomain(options: GenerateOptions): BenchDomain {
  const { size } = options;
  const root = options.root ?? BENCH_OU;
  const useOus = root.startsWith('OU=');
  const ou = (name: string): string => `${useOus ? 'OU' : 'CN'}=${name},${root}`;
  const userDn = (i: number): string => `CN=${userName(i)},${ou('Users')}`;
  const hostDn = (i: number): string => `CN=${hostName(i)},${ou('Computers')}`;
  const smsaDn = (i: number): string => `CN=${smsaName(i)},${ou('Service Accounts')}`;
  const gmsaDn = (i: number): string => `CN=${gmsaName(i)},${ou('Service Accounts')}`;
  const groupDn = (name: string): string => `CN=${name},${ou('Groups')}`;
  const own = options.privileged === 'own';
  const PRIVILEGED = own
    ? OWN_PRIVILEGED_NAMES.map((name) => ({ name, dn: groupDn(name) }))
    : BUILTIN_PRIVILEGED;
  const rnd = random(options.seed ?? 12);
  const pick = (n: number): number => 1 + Math.floor(rnd() * n);
  const chance = (p: number): boolean => rnd() < p;
  const counts: Record<string, number> = {};
  const count = (what: string): void => {
    counts[what] = (counts[what] ?? 0) + 1;
  };

  // membership edges (member DN → group DNs) for the ground truth; names by DN
  const memberOf = new Map<string, string[]>();
  const nameOf = new Map<string, string>();
  const join = (member: string, group: string): void => {
    memberOf.set(member, [...(memberOf.get(member) ?? []), group]);
  };
  for (const p of PRIVILEGED) nameOf.set(p.dn, p.name);
  // built-in nesting that matters: Domain Admins is in Administrators (reached "through" it)
  const privilegedDns = new Set<string>(PRIVILEGED.map((p) => p.dn));
  if (!own) {
    const administrators = `CN=Administrators,CN=Builtin,${BASE_DN}`;
    nameOf.set(administrators, 'Administrators');
    join(BUILTIN_PRIVILEGED[0]!.dn, administrators);
    privilegedDns.add(administrators);
  }

  const ous: Change[] = [root, ...['Users', 'Computers', 'Service Accounts', 'Groups'].map(ou)].map((dn) => ({
    kind: 'add',
    dn,
    attributes: {
      objectClass: [useOus ? 'organizationalUnit' : 'container'],
      description: ['msa-warden bench domain'],
    },
  }));

  const users: Change[] = [];
  for (let i = 1; i <= size.users; i++) {
    users.push({
      kind: 'add',
      dn: userDn(i),
      attributes: { objectClass: ['user'], sAMAccountName: [userName(i)] },
    });
  }

  // sMSAs: flags spread with the fixed seed
  const smsas: Change[] = [];
  const hostsOf = new Map<number, number[]>();
  const hosts: Record<string, string[]> = {};
  for (let i = 1; i <= size.smsas; i++) {
    nameOf.set(smsaDn(i), smsaName(i));
    let uac = UF_WORKSTATION_TRUST_ACCOUNT;
    if (chance(0.03)) {
      uac |= UF_ACCOUNTDISABLE;
      count('disabled');
    }
    if (chance(0.01)) {
      uac |= UF_TRUSTED_FOR_DELEGATION;
      count('unconstrained delegation');
    }
    const weak = rnd();
    const encryption = weak < 0.05 ? 4 : weak < 0.15 ? 28 : 24;
    if (encryption !== 24) count(encryption === 4 ? 'RC4 only' : 'RC4 allowed');
    const attributes: Record<string, EntryValue[]> = {
      objectClass: ['msDS-ManagedServiceAccount'],
      sAMAccountName: [`${smsaName(i)}$`],
      userAccountControl: [String(uac)],
      pwdLastSet: ['-1'],
      'msDS-SupportedEncryptionTypes': [String(encryption)],
      servicePrincipalName: [`HTTP/${smsaName(i)}.corp.example.test`],
    };
    if (chance(0.9)) attributes.description = [`bench service ${i}`];
    else count('no owner');
    if (chance(0.02)) {
      attributes['msDS-AllowedToDelegateTo'] = [`cifs/${hostName(pick(size.computers)).toLowerCase()}`];
      count('constrained delegation');
    }
    if (chance(0.02)) {
      attributes.nTSecurityDescriptor = [dangerousDescriptor()];
      count('dangerous ACE');
    }
    smsas.push({ kind: 'add', dn: smsaDn(i), attributes });
    // hosts: most on one, some on several, some on none
    const links = rnd();
    const hostCount = links < 0.25 ? 0 : links < 0.95 ? 1 : 2 + Math.floor(rnd() * 2);
    const linked = new Set<number>();
    while (linked.size < Math.min(hostCount, size.computers)) linked.add(pick(size.computers));
    for (const h of linked) hostsOf.set(h, [...(hostsOf.get(h) ?? []), i]);
    count(`linked to ${hostCount} host${hostCount === 1 ? '' : 's'}`);
  }

  const computers: Change[] = [];
  for (let h = 1; h <= size.computers; h++) {
    const linked = hostsOf.get(h) ?? [];
    const attributes: Record<string, EntryValue[]> = {
      objectClass: ['computer'],
      sAMAccountName: [`${hostName(h)}$`],
      userAccountControl: [String(UF_WORKSTATION_TRUST_ACCOUNT | (chance(0.02) ? UF_ACCOUNTDISABLE : 0))],
      dNSHostName: [`${hostName(h).toLowerCase()}.corp.example.test`],
    };
    if (linked.length > 0) {
      attributes['msDS-HostServiceAccount'] = linked.map(smsaDn);
      hosts[hostName(h)] = linked.map(smsaName).sort();
    }
    computers.push({ kind: 'add', dn: hostDn(h), attributes });
  }

  // reader groups: a few computers each
  const readerGroups: Group[] = [];
  for (let g = 1; g <= size.gmsas; g++) {
    const members = new Set<string>();
    const n = 2 + Math.floor(rnd() * 4);
    while (members.size < Math.min(n, size.computers)) members.add(hostDn(pick(size.computers)));
    readerGroups.push({
      name: readerGroupName(g),
      dn: groupDn(readerGroupName(g)),
      level: 0,
      members: [...members],
      parent: null,
    });
  }

  // role groups: trees up to 6 levels deep; a few tree roots sit in privileged groups
  const roleGroups: Group[] = [];
  for (let g = 1; g <= size.roleGroups; g++) {
    const level = (g - 1) % NESTING_LEVELS;
    const name = roleGroupName(g);
    // the group one level up made most recently: level-0 groups are roots
    const parentGroup = level === 0 ? undefined : roleGroups[g - 2];
    let parent: string | null = parentGroup?.dn ?? null;
    if (level === 0 && (g === 1 || chance(0.12)))
      parent = PRIVILEGED[Math.floor(rnd() * PRIVILEGED.length)]!.dn;
    roleGroups.push({ name, dn: groupDn(name), level, members: [], parent });
    nameOf.set(groupDn(name), name);
  }
  for (const group of roleGroups) {
    if (group.parent !== null) join(group.dn, group.parent);
    const n = 3 + Math.floor(rnd() * 20);
    const members = new Set<string>();
    for (let k = 0; k < n; k++) members.add(userDn(pick(size.users)));
    if (chance(0.3)) members.add(hostDn(pick(size.computers)));
    group.members = [...members];
  }
  // sMSAs in role groups: about a third, some in two
  for (let i = 1; i <= size.smsas; i++) {
    const memberships = chance(0.3) ? (chance(0.2) ? 2 : 1) : 0;
    const chosen = new Set<number>();
    while (chosen.size < Math.min(memberships, roleGroups.length)) chosen.add(pick(roleGroups.length) - 1);
    for (const index of chosen) {
      const group = roleGroups[index]!;
      group.members.push(smsaDn(i));
      join(smsaDn(i), group.dn);
    }
  }
  // nested groups are members of their parents: a child must exist before its parent is added
  for (const group of roleGroups) {
    const parent = roleGroups.find((g) => g.dn === group.parent);
    parent?.members.push(group.dn);
  }
  const groupAdd = (group: Group): Change => ({
    kind: 'add',
    dn: group.dn,
    attributes: {
      objectClass: ['group'],
      sAMAccountName: [group.name],
      ...(group.members.length > 0 ? { member: group.members } : {}),
    },
  });
  const levelStages: Stage[] = [];
  for (let level = NESTING_LEVELS - 1; level >= 0; level--) {
    levelStages.push({
      name: `role groups, level ${level + 1}`,
      changes: roleGroups.filter((g) => g.level === level).map(groupAdd),
    });
  }

  const bigGroups: Change[] = [];
  for (let b = 1; b <= size.bigGroups; b++) {
    const members = new Set<string>();
    const start = pick(size.users) - 1;
    for (let k = 0; k < Math.min(size.bigGroupMembers, size.users); k++)
      members.add(userDn(((start + k) % size.users) + 1));
    bigGroups.push(
      groupAdd({
        name: bigGroupName(b),
        dn: groupDn(bigGroupName(b)),
        level: 0,
        members: [...members],
        parent: null,
      }),
    );
  }

  // privileged: role-group roots, and a few sMSAs directly
  const privilegedChanges: Change[] = [];
  for (const p of PRIVILEGED) {
    const values = roleGroups.filter((g) => g.parent === p.dn).map((g) => g.dn);
    for (let k = 0; k < 2 && size.smsas > 0; k++) {
      const i = pick(size.smsas);
      if (!values.includes(smsaDn(i))) {
        values.push(smsaDn(i));
        join(smsaDn(i), p.dn);
      }
    }
    if (own)
      privilegedChanges.push({
        kind: 'add',
        dn: p.dn,
        attributes: {
          objectClass: ['group'],
          sAMAccountName: [p.name],
          ...(values.length > 0 ? { member: values } : {}),
        },
      });
    else if (values.length > 0)
      privilegedChanges.push({ kind: 'add-values', dn: p.dn, attribute: 'member', values });
  }

  // gMSAs: one reader group each; some in role groups (added to the groups afterwards)
  const gmsaGroupAdds = new Map<string, string[]>();
  const gmsaPlan = Array.from({ length: size.gmsas }, (_, k) => {
    const i = k + 1;
    nameOf.set(gmsaDn(i), gmsaName(i));
    const encryption = chance(0.05) ? 28 : 24;
    if (chance(0.08) && roleGroups.length > 0) {
      const group = roleGroups[pick(roleGroups.length) - 1]!;
      gmsaGroupAdds.set(group.dn, [...(gmsaGroupAdds.get(group.dn) ?? []), gmsaDn(i)]);
      join(gmsaDn(i), group.dn);
    }
    return { i, encryption, readers: readerGroups[k]!.dn };
  });
  const gmsaStages = (sidOf: (dn: string) => string): Stage[] => [
    {
      name: 'gMSAs',
      changes: gmsaPlan.map(({ i, encryption, readers }) => ({
        kind: 'add',
        dn: gmsaDn(i),
        attributes: {
          objectClass: ['msDS-GroupManagedServiceAccount'],
          sAMAccountName: [`${gmsaName(i)}$`],
          userAccountControl: [String(UF_WORKSTATION_TRUST_ACCOUNT)],
          pwdLastSet: ['-1'],
          'msDS-SupportedEncryptionTypes': [String(encryption)],
          'msDS-ManagedPasswordInterval': ['30'],
          dNSHostName: [`${gmsaName(i)}.corp.example.test`],
          'msDS-GroupMSAMembership': [passwordReadersDescriptor(sidOf(readers))],
          description: [`bench gMSA ${i}`],
        },
      })),
    },
    {
      name: 'gMSAs in role groups',
      changes: [...gmsaGroupAdds].map(([dn, values]) => ({
        kind: 'add-values',
        dn,
        attribute: 'member',
        values,
      })),
    },
  ];

  const accounts = [
    ...Array.from({ length: size.smsas }, (_, k) => smsaDn(k + 1)),
    ...Array.from({ length: size.gmsas }, (_, k) => gmsaDn(k + 1)),
  ];
  const privileged: GroundTruth['privileged'] = {};
  for (const dn of accounts) {
    const found = privilegedEntryPoints(dn, memberOf, privilegedDns).map(({ group, chain }) => ({
      group: nameOf.get(group) ?? group,
      chain: chain.map((g) => nameOf.get(g) ?? g),
    }));
    if (found.length > 0)
      privileged[nameOf.get(dn) ?? dn] = found.sort((a, b) => a.group.localeCompare(b.group));
  }
  counts['privileged accounts'] = Object.keys(privileged).length;

  return {
    stages: [
      { name: 'OUs', changes: ous },
      { name: 'users', changes: users },
      { name: 'sMSAs', changes: smsas },
      { name: 'computers (with their sMSA links)', changes: computers },
      { name: 'gMSA reader groups', changes: readerGroups.map(groupAdd) },
      ...levelStages,
      { name: 'big groups', changes: bigGroups },
      { name: 'privileged memberships', changes: privilegedChanges },
    ],
    gmsaStages,
    readerGroupDns: readerGroups.map((g) => g.dn),
    groundTruth: { version: BENCH_DOMAIN_VERSION, size, hosts, privileged, counts },
  };
}

/**
 * Breadth-first up the memberships: each privileged group reached not through another privileged
 * group, with the shortest chain (the audit's privileged-membership check counts the same way).
 */
function privilegedEntryPoints(
  account: string,
  memberOf: ReadonlyMap<string, string[]>,
  privileged: ReadonlySet<string>,
): { group: string; chain: string[] }[] {
  const found: { group: string; chain: string[] }[] = [];
  const seen = new Set<string>();
  let frontier = (memberOf.get(account) ?? []).map((g) => [g]);
  while (frontier.length > 0) {
    const next: string[][] = [];
    for (const chain of frontier) {
      const group = chain[chain.length - 1]!;
      if (seen.has(group)) continue;
      seen.add(group);
      if (privileged.has(group)) {
        found.push({ group, chain });
        continue; // what lies above a privileged group is reached through it
      }
      for (const parent of memberOf.get(group) ?? []) next.push([...chain, parent]);
    }
    frontier = next;
  }
  return found;
}
