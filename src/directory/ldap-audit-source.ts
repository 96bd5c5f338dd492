import { AndFilter } from 'ldapts';
import type { Control } from 'ldapts';
import type {
  AccountFacts,
  AclEntry,
  MembershipFacts,
  ResolvedPrincipal,
  SpnConflict,
} from '../domain/audit-facts';
import type { AuditScope, AuditSource, MigrationCandidate } from '../domain/audit-source';
import type { Computer } from '../domain/computer';
import { DirectoryError } from '../domain/directory-error';
import { decodeAccountControl } from './account-control';
import type { ServiceAccount } from '../domain/service-account';
import { DomainRid, domainRidOf, domainSidOf } from '../domain/well-known-sids';
import type { GroupNode } from './membership-paths';
import {
  groupsFilter,
  hostedOnFilter,
  objectSidsFilter,
  servicePrincipalNamesFilter,
  userServiceAccountsFilter,
} from './audit-filters';
import { mapInSlices } from '../domain/map-in-slices';
import { dnKey } from '../domain/dn-key';
import { byName, compareNames } from '../domain/by-name';
import { chunks } from './chunks';
import { filetimeToDate } from './filetime';
import { anyObjectFilter, computersFilter, distinguishedNamesFilter, serviceAccountsFilter } from './filters';
import type { LdapEntry } from './ldap-entry';
import {
  BINARY_ATTRIBUTES,
  COMPUTER_ATTRIBUTES,
  SERVICE_ACCOUNT_ATTRIBUTES,
  toComputer,
  toServiceAccount,
} from './map-entry';
import type { SearchRequest } from './paged-search';
import { GroupCache, readGroupMembers, resolveWith } from './read-memberships';
import { expandPasswordReaders } from './membership-paths';
import type { MemberRead } from './read-memberships';
import { readAllValues } from './ranged-attribute';
import {
  PRINCIPAL_ATTRIBUTES,
  PRINCIPAL_BINARY_ATTRIBUTES,
  isDirectorySid,
  principalWithoutObject,
  toPrincipalRecord,
} from './resolve-principals';
import type { PrincipalRecord } from './resolve-principals';
import { SdFlagsControl } from './sd-flags-control';
import {
  AceCache,
  allowedTrusteeSids,
  parseSecurityDescriptor,
  toAclEntries,
  trusteeSids,
} from './security-descriptor';
import type { Ace, SecurityDescriptor } from './security-descriptor';
import { spnNamesHost } from '../domain/service-principal-name';
import { sidToString } from './sid';

/** What LdapAuditSource needs from the connection: LdapDirectory provides it. */
export interface EntrySearcher {
  readonly baseDn: string;
  searchEntries(request: SearchRequest): Promise<LdapEntry[]>;
  /**
   * The same search with each page mapped as it arrives, so only what `mapPage` keeps outlives the
   * page (LdapDirectory has it). Without it the whole result is read first, then mapped.
   */
  searchPages?<T>(request: SearchRequest, mapPage: (entries: LdapEntry[]) => T[]): Promise<T[]>;
}

export interface LdapAuditSourceOptions {
  /** how many DNs, SIDs or SPNs go into one `(|…)` filter */
  batchSize?: number;
}

/** Batched searches of one kind running at once. */
const MAX_BATCHES_IN_FLIGHT = 4;

const DESCRIPTOR_ATTRIBUTES = [
  'nTSecurityDescriptor',
  'msDS-AllowedToActOnBehalfOfOtherIdentity',
  'msDS-GroupMSAMembership',
];
const ACCOUNT_ATTRIBUTES = [...SERVICE_ACCOUNT_ATTRIBUTES, 'primaryGroupID', ...DESCRIPTOR_ATTRIBUTES];
const ACCOUNT_BINARY_ATTRIBUTES = [...BINARY_ATTRIBUTES, ...DESCRIPTOR_ATTRIBUTES];
/**
 * Every security group the account is in, nested ones and the primary group included, computed by
 * the DC; readable on a base-scope read only. One account's groups then come in one search by SID
 * instead of one search per nesting level.
 */
const TOKEN_GROUPS = 'tokenGroups';
/** the accounts without their descriptors: what membership facts need */
const MEMBERSHIP_ACCOUNT_ATTRIBUTES = [...SERVICE_ACCOUNT_ATTRIBUTES, 'primaryGroupID'];
const GROUP_ATTRIBUTES = ['objectSid', 'sAMAccountName', 'cn', 'memberOf'];
const SPN_HOLDER_ATTRIBUTES = ['sAMAccountName', 'cn', 'servicePrincipalName'];
const CANDIDATE_ATTRIBUTES = [
  'cn',
  'sAMAccountName',
  'objectSid',
  'userAccountControl',
  'servicePrincipalName',
  'pwdLastSet',
  'lastLogonTimestamp',
  'description',
];

/** One account as read, its descriptors parsed. */
interface AccountRead {
  account: ServiceAccount;
  primaryGroupSid: string | null;
  /** nTSecurityDescriptor; null when the bind account may not read it */
  securityDescriptor: SecurityDescriptor | null;
  /** msDS-AllowedToActOnBehalfOfOtherIdentity; null when unset */
  rbcd: SecurityDescriptor | null;
  /** msDS-GroupMSAMembership; null when unset (nobody may read the password) */
  passwordReaders: SecurityDescriptor | null;
  /** tokenGroups, when read (one account, base scope): every security group above the account */
  tokenGroupSids: string[];
}

const byNameThenDn = <T extends { name: string; distinguishedName: string }>(a: T, b: T): number =>
  byName(a, b) || compareNames(a.distinguishedName, b.distinguishedName);

function unique(values: Iterable<string>, key: (value: string) => string = (v) => v): string[] {
  const seen = new Map<string, string>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}

const upper = (sid: string): string => sid.toUpperCase();

function descriptor(entry: LdapEntry, attribute: string, aces: AceCache): SecurityDescriptor | null {
  const bytes = entry.buffer(attribute);
  if (bytes === null) return null;
  try {
    return parseSecurityDescriptor(bytes, aces);
  } catch (err) {
    // A descriptor we cannot read must not pass as "no rights granted": fail the audit, say where.
    const reason = err instanceof Error ? err.message : String(err);
    throw new DirectoryError(
      'unknown',
      `${entry.dn}: ${attribute} is not a valid security descriptor (${reason})`,
    );
  }
}

/** The account's primary group (domain SID + primaryGroupID), which memberOf leaves out. */
function primaryGroupSidOf(entry: LdapEntry, account: ServiceAccount): string | null {
  const primaryGroupId = entry.integer('primaryGroupID');
  const domainSid = domainSidOf(account.sid);
  return primaryGroupId === null || domainSid === null ? null : `${domainSid}-${primaryGroupId}`;
}

/** Reads accounts with their descriptors; the ACEs of every account read by one reader are shared. */
const accountReader =
  (aces: AceCache) =>
  (entry: LdapEntry): AccountRead | null => {
    const account = toServiceAccount(entry);
    if (account === null) return null;
    return {
      account,
      primaryGroupSid: primaryGroupSidOf(entry, account),
      securityDescriptor: descriptor(entry, 'nTSecurityDescriptor', aces),
      rbcd: descriptor(entry, 'msDS-AllowedToActOnBehalfOfOtherIdentity', aces),
      passwordReaders: account.kind === 'gMSA' ? descriptor(entry, 'msDS-GroupMSAMembership', aces) : null,
      tokenGroupSids: entry
        .raw(TOKEN_GROUPS)
        .flatMap((value) => (typeof value === 'string' ? [] : [sidToString(value)])),
    };
  };

/** Every SID the account's descriptors name. */
function descriptorSids(read: AccountRead): string[] {
  return [
    ...(read.securityDescriptor === null ? [] : trusteeSids(read.securityDescriptor)),
    ...(read.rbcd === null ? [] : allowedTrusteeSids(read.rbcd)),
    ...(read.passwordReaders === null ? [] : allowedTrusteeSids(read.passwordReaders)),
  ];
}

function toGroupNode(entry: LdapEntry): GroupNode | null {
  const bytes = entry.buffer('objectSid');
  if (bytes === null) return null;
  return {
    group: {
      distinguishedName: entry.dn,
      name: entry.string('sAMAccountName') ?? entry.string('cn') ?? entry.dn,
      sid: sidToString(bytes),
    },
    memberOfDns: entry.strings('memberOf'),
  };
}

function toCandidate(entry: LdapEntry): MigrationCandidate | null {
  const bytes = entry.buffer('objectSid');
  if (bytes === null) return null;
  const samAccountName = entry.string('sAMAccountName') ?? '';
  return {
    distinguishedName: entry.dn,
    name: entry.string('cn') ?? samAccountName,
    samAccountName,
    sid: sidToString(bytes),
    enabled: decodeAccountControl(entry.integer('userAccountControl') ?? 0).enabled,
    servicePrincipalNames: entry.strings('servicePrincipalName'),
    passwordLastSetAt: filetimeToDate(entry.string('pwdLastSet')),
    lastLogonAt: filetimeToDate(entry.string('lastLogonTimestamp')),
    description: entry.string('description'),
  };
}

/** krbtgt (and an RODC's krbtgt_NNNNN) holds kadmin/changepw: the KDC's own account, not a service to move. */
function isKdcAccount(candidate: MigrationCandidate): boolean {
  return domainRidOf(candidate.sid) === DomainRid.krbtgt || /^krbtgt_\d+$/i.test(candidate.samAccountName);
}

/**
 * The AuditSource port over LDAP, on LdapDirectory's connection. One audit is a fixed number of
 * batched searches, whatever the number of accounts: the accounts (with their descriptors, read with
 * the SD-flags control); then, together, their hosts, the SIDs their descriptors name, the other
 * holders of their SPNs and their groups; then one search per nesting level, down through the
 * groups allowed to read gMSA passwords and up through the groups everyone read is in. Memory holds
 * the accounts and what they reach, never the directory's users or groups at large.
 */
export class LdapAuditSource implements AuditSource {
  private readonly batchSize: number;

  constructor(
    private readonly directory: EntrySearcher,
    options: LdapAuditSourceOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 50;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError('batchSize must be >= 1');
  }

  async readMembershipFacts(scope: AuditScope): Promise<MembershipFacts[]> {
    const reads = await this.readAccounts(
      scope,
      MEMBERSHIP_ACCOUNT_ATTRIBUTES,
      BINARY_ATTRIBUTES,
      [],
      (entry) => {
        const account = toServiceAccount(entry);
        return account === null ? null : { account, primaryGroupSid: primaryGroupSidOf(entry, account) };
      },
    );
    if (reads.length === 0) return [];
    const groups = new GroupCache((dns, sids) => this.fetchGroups(dns, sids));
    await groups.load(
      reads.flatMap((r) => r.account.memberOfDns),
      reads.flatMap((r) => r.primaryGroupSid ?? []),
    );
    return reads
      .map(({ account, primaryGroupSid }) => ({
        account,
        memberships: groups.memberships(account.memberOfDns, primaryGroupSid),
      }))
      .sort((a, b) => byNameThenDn(a.account, b.account));
  }

  async readAccountFacts(scope: AuditScope): Promise<AccountFacts[]> {
    // page by page: the raw entries (descriptors as Buffers) of one page are held at a time
    const reads = await this.readAccounts(
      scope,
      ACCOUNT_ATTRIBUTES,
      ACCOUNT_BINARY_ATTRIBUTES,
      [new SdFlagsControl()],
      accountReader(new AceCache()),
    );
    if (reads.length === 0) return [];
    const groups = new GroupCache((dns, sids) => this.fetchGroups(dns, sids));

    const [hosts, principals, spnHolders] = await Promise.all([
      this.fetchComputers(
        unique(
          reads.flatMap((r) => r.account.hostComputerDns),
          dnKey,
        ),
      ),
      this.fetchPrincipals(unique(reads.flatMap(descriptorSids), upper)),
      this.fetchSpnHolders(
        unique(
          reads.flatMap((r) => r.account.servicePrincipalNames),
          (spn) => spn.toLowerCase(),
        ),
      ),
      groups.load(
        reads.flatMap((r) => r.account.memberOfDns),
        reads.flatMap((r) => [
          ...(r.primaryGroupSid === null ? [] : [r.primaryGroupSid]),
          ...r.tokenGroupSids,
        ]),
      ),
    ]);
    const record = (sid: string): PrincipalRecord =>
      principals.get(upper(sid)) ?? principalWithoutObject(sid);

    const readerGroups = unique(
      reads.flatMap((r) => (r.passwordReaders === null ? [] : allowedTrusteeSids(r.passwordReaders))),
      upper,
    ).map(record);
    const [groupMembers] = await Promise.all([
      readGroupMembers(readerGroups, (dns) => this.fetchByDn(dns)),
      groups.load(
        [...principals.values()].flatMap((p) => p.memberOfDns),
        [...principals.values()].flatMap((p) => p.primaryGroupSid ?? []),
      ),
    ]);
    const members = [...groupMembers.records.values()];
    await groups.load(
      members.flatMap((p) => p.memberOfDns),
      members.flatMap((p) => p.primaryGroupSid ?? []),
    );

    const resolve = resolveWith(groups);
    // one object per SID for the whole run: thousands of ACEs name the same few dozen trustees, and
    // resolving walks the trustee's groups
    const resolved = new Map<string, ResolvedPrincipal>();
    const resolveRecord = (r: PrincipalRecord): ResolvedPrincipal => {
      const key = upper(r.sid);
      let found = resolved.get(key);
      if (found === undefined) {
        found = resolve(r);
        resolved.set(key, found);
      }
      return found;
    };
    const principal = (sid: string): ResolvedPrincipal => resolveRecord(record(sid));
    // the reader groups' members resolved once, not once per gMSA
    const readerMembers = new Map<string, ResolvedPrincipal[]>();
    for (const [sid, list] of groupMembers.members) readerMembers.set(sid, list.map(resolveRecord));
    const hostsByDn = new Map(hosts.map((h) => [dnKey(h.distinguishedName), h]));
    // accounts with the same ACE (most of them) share its entry: a few hundred, not ~50 per account
    const aclEntries = new Map<Ace, AclEntry>();

    return (
      await mapInSlices(reads, (read): AccountFacts => {
        const { account, securityDescriptor: sd } = read;
        return {
          account,
          hosts: account.hostComputerDns.flatMap((dn) => hostsByDn.get(dnKey(dn)) ?? []),
          memberships: groups.memberships(account.memberOfDns, read.primaryGroupSid),
          owner: sd?.owner == null ? null : principal(sd.owner),
          aclEntries: sd === null ? [] : toAclEntries(sd, principal, aclEntries),
          rbcdPrincipals: read.rbcd === null ? [] : allowedTrusteeSids(read.rbcd).map(principal),
          passwordReaders:
            account.kind !== 'gMSA'
              ? null
              : expandPasswordReaders(
                  read.passwordReaders === null
                    ? []
                    : allowedTrusteeSids(read.passwordReaders).map(principal),
                  readerMembers,
                ),
          duplicateSpns: duplicateSpns(account, spnHolders),
        };
      })
    ).sort((a, b) => byNameThenDn(a.account, b.account));
  }

  async listMigrationCandidates(
    host: { name: string; dnsHostName: string | null } | null,
  ): Promise<MigrationCandidate[]> {
    const names =
      host === null
        ? null
        : unique(
            [host.name.replace(/\$$/, ''), host.dnsHostName ?? '']
              .map((n) => n.trim())
              .filter((n) => n !== ''),
            (n) => n.toLowerCase(),
          );
    if (names !== null && names.length === 0) return [];
    const entries = await this.search({
      baseDn: this.directory.baseDn,
      scope: 'sub',
      filter: userServiceAccountsFilter(names),
      attributes: CANDIDATE_ATTRIBUTES,
      binaryAttributes: ['objectSid'],
    });
    return entries
      .flatMap((entry) => toCandidate(entry) ?? [])
      .filter((c) => !isKdcAccount(c))
      .filter((c) => names === null || c.servicePrincipalNames.some((spn) => spnNamesHost(spn, names)))
      .sort(byNameThenDn);
  }

  // --- reads -------------------------------------------------------------------------------------

  private search(request: SearchRequest): Promise<LdapEntry[]> {
    return this.directory.searchEntries(request);
  }

  /**
   * One search per batch of values, a few in flight at a time: enough to overlap round trips, not so
   * many that a large directory floods the one connection (AD throttles concurrent queries).
   */
  private async batched<T>(
    values: readonly T[],
    read: (batch: T[]) => Promise<LdapEntry[]>,
  ): Promise<LdapEntry[]> {
    const batches = chunks(values, this.batchSize);
    const results: LdapEntry[][] = new Array<LdapEntry[]>(batches.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const index = next++;
        results[index] = await read(batches[index] ?? []);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_BATCHES_IN_FLIGHT, batches.length) }, worker));
    return results.flat();
  }

  /** One search whose entries are mapped page by page when the searcher can (see EntrySearcher.searchPages). */
  private searchMapped<T>(request: SearchRequest, map: (entry: LdapEntry) => T | null): Promise<T[]> {
    const mapPage = (entries: LdapEntry[]): T[] => entries.flatMap((entry) => map(entry) ?? []);
    if (this.directory.searchPages !== undefined) return this.directory.searchPages(request, mapPage);
    return this.search(request).then(mapPage);
  }

  /** The accounts in scope, each entry mapped as its page arrives. */
  private async readAccounts<T>(
    scope: AuditScope,
    attributes: string[],
    binaryAttributes: string[],
    controls: Control[],
    map: (entry: LdapEntry) => T | null,
  ): Promise<T[]> {
    const request = (
      baseDn: string,
      scopeKind: 'base' | 'sub',
      filter = serviceAccountsFilter(),
    ): SearchRequest => {
      const token = scopeKind === 'base' ? [TOKEN_GROUPS] : [];
      return {
        baseDn,
        scope: scopeKind,
        filter,
        attributes: [...attributes, ...token],
        binaryAttributes: [...binaryAttributes, ...token],
        ...(controls.length === 0 ? {} : { controls }),
      };
    };
    switch (scope.kind) {
      case 'all':
        return this.searchMapped(request(this.directory.baseDn, 'sub'), map);
      case 'host':
        return this.searchMapped(
          request(
            this.directory.baseDn,
            'sub',
            new AndFilter({ filters: [serviceAccountsFilter(), hostedOnFilter(scope.computerDn)] }),
          ),
          map,
        );
      case 'account':
        try {
          return await this.searchMapped(request(scope.accountDn, 'base'), map);
        } catch (err) {
          if (err instanceof DirectoryError && err.reason === 'no-such-object') return [];
          throw err;
        }
    }
  }

  private async fetchComputers(dns: string[]): Promise<Computer[]> {
    const entries = await this.batched(dns, (batch) =>
      this.search({
        baseDn: this.directory.baseDn,
        scope: 'sub',
        filter: new AndFilter({ filters: [computersFilter(), distinguishedNamesFilter(batch)] }),
        attributes: COMPUTER_ATTRIBUTES,
        binaryAttributes: BINARY_ATTRIBUTES,
      }),
    );
    return entries.map(toComputer);
  }

  /** SIDs that name objects, by upper-case SID; well-known SIDs are named locally, not searched. */
  private async fetchPrincipals(sids: string[]): Promise<Map<string, PrincipalRecord>> {
    const entries = await this.batched(sids.filter(isDirectorySid), (batch) =>
      this.search({
        baseDn: this.directory.baseDn,
        scope: 'sub',
        filter: objectSidsFilter(batch),
        attributes: PRINCIPAL_ATTRIBUTES,
        binaryAttributes: PRINCIPAL_BINARY_ATTRIBUTES,
      }),
    );
    const found = new Map<string, PrincipalRecord>();
    for (const entry of entries) {
      const record = toPrincipalRecord(entry);
      if (record === null) continue;
      const known = found.get(upper(record.sid));
      // the account itself wins over a foreign-security-principal stand-in for the same SID
      if (known === undefined || known.kind === 'unknown' || known.kind === 'well-known')
        found.set(upper(record.sid), record);
    }
    return found;
  }

  private async fetchGroups(dns: string[], sids: string[]): Promise<GroupNode[]> {
    const refs = [...dns.map((dn) => ({ dn })), ...sids.map((sid) => ({ sid }))];
    const entries = await this.batched(refs, (batch) =>
      this.search({
        baseDn: this.directory.baseDn,
        scope: 'sub',
        filter: groupsFilter(
          batch.flatMap((r) => ('dn' in r ? [r.dn] : [])),
          batch.flatMap((r) => ('sid' in r ? [r.sid] : [])),
        ),
        attributes: GROUP_ATTRIBUTES,
        binaryAttributes: PRINCIPAL_BINARY_ATTRIBUTES,
      }),
    );
    return entries.flatMap((entry) => toGroupNode(entry) ?? []);
  }

  /** Objects by DN (indexed everywhere), groups with their `member` values, ranges followed. */
  private async fetchByDn(dns: string[]): Promise<MemberRead[]> {
    const entries = await this.batched(dns, (batch) =>
      this.search({
        baseDn: this.directory.baseDn,
        scope: 'sub',
        filter: distinguishedNamesFilter(batch),
        attributes: [...PRINCIPAL_ATTRIBUTES, 'member'],
        binaryAttributes: PRINCIPAL_BINARY_ATTRIBUTES,
      }),
    );
    return Promise.all(
      entries.flatMap((entry) => {
        const record = toPrincipalRecord(entry);
        if (record === null) return [];
        return [this.memberDns(entry).then((memberDns) => ({ record, memberDns }))];
      }),
    );
  }

  /** A group's `member` values; AD sends a large group's in ranges, read here to the end. */
  private async memberDns(entry: LdapEntry): Promise<string[]> {
    if (!entry.names().some((name) => name.startsWith('member;range='))) return entry.strings('member');
    const read = async (dn: string, attributes: string[]): Promise<LdapEntry | null> => {
      const [found] = await this.search({
        baseDn: dn,
        scope: 'base',
        filter: anyObjectFilter(),
        attributes,
      });
      return found ?? null;
    };
    return (await readAllValues(read, entry.dn, 'member', entry)) ?? [];
  }

  /** Every object holding one of these SPNs, by lower-case SPN. */
  private async fetchSpnHolders(spns: string[]): Promise<Map<string, SpnConflict['holders']>> {
    const entries = await this.batched(spns, (batch) =>
      this.search({
        baseDn: this.directory.baseDn,
        scope: 'sub',
        filter: servicePrincipalNamesFilter(batch),
        attributes: SPN_HOLDER_ATTRIBUTES,
      }),
    );
    const wanted = new Set(spns.map((spn) => spn.toLowerCase()));
    const holders = new Map<string, SpnConflict['holders']>();
    for (const entry of entries) {
      const holder = {
        name: entry.string('sAMAccountName') ?? entry.string('cn') ?? entry.dn,
        distinguishedName: entry.dn,
      };
      for (const spn of entry.strings('servicePrincipalName')) {
        const key = spn.toLowerCase();
        if (!wanted.has(key)) continue;
        const list = holders.get(key) ?? [];
        if (!list.some((h) => dnKey(h.distinguishedName) === dnKey(entry.dn))) list.push(holder);
        holders.set(key, list);
      }
    }
    return holders;
  }
}

/** The account's SPNs that other objects also hold, each once, with those others. */
function duplicateSpns(
  account: ServiceAccount,
  holders: ReadonlyMap<string, SpnConflict['holders']>,
): SpnConflict[] {
  const own = dnKey(account.distinguishedName);
  return unique(account.servicePrincipalNames, (spn) => spn.toLowerCase()).flatMap((spn) => {
    const others = (holders.get(spn.toLowerCase()) ?? []).filter((h) => dnKey(h.distinguishedName) !== own);
    return others.length === 0 ? [] : [{ spn, holders: others }];
  });
}
