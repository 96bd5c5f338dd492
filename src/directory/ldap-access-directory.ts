import { AndFilter, OrFilter } from 'ldapts';
import type { Filter } from 'ldapts';
import type {
  AccessDirectory,
  DirectoryPerson,
  MatchAttribute,
  RoleGroup,
  RoleGroupMembership,
} from '../domain/access-directory';
import { dnKey } from '../domain/dn-key';
import { decodeAccountControl } from './account-control';
import { looksLikeDn } from './dn';
import { anyObjectFilter, equals, membersOfFilter } from './filters';
import type { EntrySearcher } from './ldap-audit-source';
import type { LdapEntry } from './ldap-entry';

/**
 * msDS-User-Account-Control-Computed UF_LOCKOUT: AD and Samba compute it from lockoutTime, the
 * domain's lockout duration and threshold. A bare lockoutTime > 0 can be stale (it stays set after
 * the duration passes until the next logon), so it is only the fallback where the computed value is absent.
 */
const UF_LOCKOUT = 0x10;

const PERSON_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'mail',
  'displayName',
  'userAccountControl',
  'msDS-User-Account-Control-Computed',
  'lockoutTime',
];

/** Guard against a directory that holds a membership cycle or an absurdly deep nesting. */
const MAX_CHAIN_GROUPS = 5000;

function peopleFilter(attribute: MatchAttribute, value: string): Filter {
  return new AndFilter({
    filters: [equals('objectCategory', 'person'), equals('objectClass', 'user'), equals(attribute, value)],
  });
}

function groupReferenceFilter(groups: readonly RoleGroup[]): Filter {
  const candidates = groups.flatMap(({ group }) =>
    looksLikeDn(group) ? [equals('distinguishedName', group)] : [equals('sAMAccountName', group)],
  );
  return new AndFilter({ filters: [equals('objectClass', 'group'), new OrFilter({ filters: candidates })] });
}

function isLockedOut(entry: LdapEntry): boolean {
  const computed = entry.integer('msDS-User-Account-Control-Computed');
  if (computed !== null) return (computed & UF_LOCKOUT) !== 0;
  const lockoutTime = entry.string('lockoutTime');
  return lockoutTime !== null && /^\d+$/.test(lockoutTime) && BigInt(lockoutTime) > 0n;
}

/**
 * AccessDirectory over LDAP. Membership of a role group is asked of the directory with the in-chain
 * matching rule (LDAP_MATCHING_RULE_IN_CHAIN) on the person's own entry, so nesting of any depth is
 * the directory's business. Every value travels as an ldapts filter value, never as filter text.
 */
export class LdapAccessDirectory implements AccessDirectory {
  constructor(private readonly ldap: EntrySearcher) {}

  async findPeople(
    attribute: MatchAttribute,
    value: string,
    groups: readonly RoleGroup[],
  ): Promise<DirectoryPerson[]> {
    const [entries, groupDns] = await Promise.all([
      this.ldap.searchEntries({
        baseDn: this.ldap.baseDn,
        scope: 'sub',
        filter: peopleFilter(attribute, value),
        attributes: PERSON_ATTRIBUTES,
      }),
      this.resolveGroups(groups),
    ]);
    return Promise.all(
      entries.map(async (entry) => {
        const memberships = await Promise.all(
          groups.map(async ({ role, group }): Promise<RoleGroupMembership> => {
            const groupDn = groupDns.get(group) ?? null;
            const member = groupDn !== null && (await this.isMember(entry.dn, groupDn));
            return { role, group, groupDn, member };
          }),
        );
        const uac = entry.integer('userAccountControl') ?? 0;
        return {
          dn: entry.dn,
          accountName: entry.string('sAMAccountName'),
          userPrincipalName: entry.string('userPrincipalName'),
          mail: entry.string('mail'),
          displayName: entry.string('displayName'),
          disabled: !decodeAccountControl(uac).enabled,
          lockedOut: isLockedOut(entry),
          memberships,
        };
      }),
    );
  }

  async membershipChain(personDn: string, groupDn: string): Promise<string[] | null> {
    // One search for every group inside the role group (the directory expands the nesting), then the
    // shortest path through them from the person's own groups, for display.
    const [people, nested, target] = await Promise.all([
      this.ldap.searchEntries({
        baseDn: personDn,
        scope: 'base',
        filter: anyObjectFilter(),
        attributes: ['memberOf'],
      }),
      this.ldap.searchEntries({
        baseDn: this.ldap.baseDn,
        scope: 'sub',
        filter: new AndFilter({ filters: [equals('objectClass', 'group'), membersOfFilter(groupDn)] }),
        attributes: ['cn', 'memberOf'],
      }),
      this.ldap.searchEntries({
        baseDn: groupDn,
        scope: 'base',
        filter: anyObjectFilter(),
        attributes: ['cn'],
      }),
    ]);
    const person = people[0];
    if (person === undefined) return null;
    const names = new Map<string, string>();
    const parents = new Map<string, string[]>();
    for (const group of [...nested, ...target].slice(0, MAX_CHAIN_GROUPS)) {
      names.set(dnKey(group.dn), group.string('cn') ?? group.dn);
      parents.set(dnKey(group.dn), group.strings('memberOf').map(dnKey));
    }
    const goal = dnKey(groupDn);
    const previous = new Map<string, string | null>();
    const queue: string[] = [];
    for (const dn of person.strings('memberOf').map(dnKey)) {
      if (names.has(dn) && !previous.has(dn)) {
        previous.set(dn, null);
        queue.push(dn);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const dn = queue[i]!;
      if (dn === goal) {
        const path: string[] = [];
        for (let at: string | null = dn; at !== null; at = previous.get(at) ?? null)
          path.unshift(names.get(at)!);
        return path;
      }
      for (const parent of parents.get(dn) ?? []) {
        if (names.has(parent) && !previous.has(parent)) {
          previous.set(parent, dn);
          queue.push(parent);
        }
      }
    }
    return null;
  }

  private async isMember(personDn: string, groupDn: string): Promise<boolean> {
    const entries = await this.ldap.searchEntries({
      baseDn: personDn,
      scope: 'base',
      filter: membersOfFilter(groupDn),
      attributes: ['objectClass'],
    });
    return entries.length > 0;
  }

  /** Configured reference (DN or sAMAccountName) → the group's DN; unknown references are left out. */
  private async resolveGroups(groups: readonly RoleGroup[]): Promise<Map<string, string>> {
    const resolved = new Map<string, string>();
    if (groups.length === 0) return resolved;
    const entries = await this.ldap.searchEntries({
      baseDn: this.ldap.baseDn,
      scope: 'sub',
      filter: groupReferenceFilter(groups),
      attributes: ['sAMAccountName'],
    });
    for (const { group } of groups) {
      const wanted = group.trim().toLowerCase();
      const entry = entries.find((e) =>
        looksLikeDn(group)
          ? dnKey(e.dn) === dnKey(group)
          : e.string('sAMAccountName')?.toLowerCase() === wanted,
      );
      if (entry !== undefined) resolved.set(group, entry.dn);
    }
    return resolved;
  }
}
