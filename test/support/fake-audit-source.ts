import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type AuditConfig, defaultAuditConfig } from '../../src/domain/audit-config';
import { type GroupNode, membershipPaths } from '../../src/directory/membership-paths';
import type {
  AccountFacts,
  MembershipFacts,
  PasswordReader,
  SpnConflict,
} from '../../src/domain/audit-facts';
import type { AuditScope, AuditSource, MigrationCandidate } from '../../src/domain/audit-source';
import { FIXTURES_DIR, FakeDirectory } from './fake-directory';

/**
 * An in-memory AuditSource for unit tests. `fromDirectory` derives each account's facts from a
 * FakeDirectory (hosts from the computers' links, nested groups from test/fixtures/accounts/audit-facts.json)
 * so the audit and the directory answers agree, like the LDAP implementations do.
 */

const date = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const principal = z.strictObject({
  sid: z.string(),
  name: z.string(),
  kind: z.enum(['user', 'computer', 'group', 'service-account', 'well-known', 'unknown']),
  distinguishedName: z.string().nullable(),
  groupSids: z.array(z.string()),
});

const extrasFixture = z.strictObject({
  description: z.string().optional(),
  groups: z.array(
    z.strictObject({
      distinguishedName: z.string(),
      name: z.string(),
      sid: z.string(),
      memberOfDns: z.array(z.string()),
    }),
  ),
  extraMemberOf: z.record(z.string(), z.array(z.string())).default({}),
  duplicateSpns: z
    .record(
      z.string(),
      z.array(
        z.strictObject({
          spn: z.string(),
          holders: z.array(z.strictObject({ name: z.string(), distinguishedName: z.string() })),
        }),
      ),
    )
    .default({}),
  passwordReaders: z
    .record(z.string(), z.array(z.strictObject({ principal, via: z.array(z.string()) })))
    .default({}),
  migrationCandidates: z
    .array(
      z.strictObject({
        distinguishedName: z.string(),
        name: z.string(),
        samAccountName: z.string(),
        sid: z.string(),
        enabled: z.boolean(),
        servicePrincipalNames: z.array(z.string()),
        passwordLastSetAt: date.nullable(),
        lastLogonAt: date.nullable(),
        description: z.string().nullable(),
      }),
    )
    .default([]),
});

export type AuditExtras = z.output<typeof extrasFixture>;

export function loadAuditExtras(file = path.join(FIXTURES_DIR, 'audit-facts.json')): AuditExtras {
  return extrasFixture.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The host part of an SPN, lower case (`HTTP/srv01.corp:8080` → `srv01.corp`). */
function spnHost(spn: string): string {
  return (spn.split('/')[1] ?? '').split(':')[0]!.toLowerCase();
}

export class FakeAuditSource implements AuditSource {
  /** every call with its arguments */
  readonly calls: { method: keyof AuditSource; args: unknown[] }[] = [];
  /** when set, every call rejects with it */
  failure: Error | null = null;

  constructor(
    readonly facts: AccountFacts[],
    readonly candidates: MigrationCandidate[] = [],
  ) {}

  /** Facts for every account of the directory, with the groups, conflicts and readers of `extras`. */
  static fromDirectory(directory: FakeDirectory, extras: AuditExtras = loadAuditExtras()): FakeAuditSource {
    const groups = new Map<string, GroupNode>(
      extras.groups.map((g) => [
        g.distinguishedName.toLowerCase(),
        {
          group: { distinguishedName: g.distinguishedName, name: g.name, sid: g.sid },
          memberOfDns: g.memberOfDns,
        },
      ]),
    );
    const facts = directory.serviceAccounts.map((account): AccountFacts => {
      const direct = [...account.memberOfDns, ...(extras.extraMemberOf[account.name] ?? [])];
      // fixture accounts without a GUID share the zero GUID; finding keys need one per account
      const guid = /^[0-]+$/.test(account.guid)
        ? `00000000-0000-4000-8000-${(account.sid.split('-').at(-1) ?? '0').padStart(12, '0')}`
        : account.guid;
      const withGroups = { ...account, guid, memberOfDns: direct };
      const readers: PasswordReader[] | undefined = extras.passwordReaders[account.name];
      const conflicts: SpnConflict[] = extras.duplicateSpns[account.name] ?? [];
      return {
        account: withGroups,
        hosts: directory.computers.filter((c) =>
          account.hostComputerDns.some((dn) => dn.toLowerCase() === c.distinguishedName.toLowerCase()),
        ),
        memberships: membershipPaths(direct, groups),
        owner: null,
        aclEntries: [],
        rbcdPrincipals: [],
        passwordReaders: account.kind === 'gMSA' ? (readers ?? []) : null,
        duplicateSpns: conflicts,
      };
    });
    return new FakeAuditSource(facts, extras.migrationCandidates);
  }

  private async enter(method: keyof AuditSource, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await Promise.resolve();
    if (this.failure !== null) throw this.failure;
  }

  async readAccountFacts(scope: AuditScope): Promise<AccountFacts[]> {
    await this.enter('readAccountFacts', scope);
    return this.inScope(scope);
  }

  /** The same accounts and memberships as readAccountFacts, nothing else (as the LDAP source reads them). */
  async readMembershipFacts(scope: AuditScope): Promise<MembershipFacts[]> {
    await this.enter('readMembershipFacts', scope);
    return this.inScope(scope).map(({ account, memberships }) => ({ account, memberships }));
  }

  private inScope(scope: AuditScope): AccountFacts[] {
    const sameDn = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
    const inScope = this.facts.filter((f) => {
      switch (scope.kind) {
        case 'all':
          return true;
        case 'host':
          return f.account.hostComputerDns.some((dn) => sameDn(dn, scope.computerDn));
        case 'account':
          return sameDn(f.account.distinguishedName, scope.accountDn);
      }
    });
    return inScope.sort((a, b) => a.account.name.toLowerCase().localeCompare(b.account.name.toLowerCase()));
  }

  async listMigrationCandidates(
    host: { name: string; dnsHostName: string | null } | null,
  ): Promise<MigrationCandidate[]> {
    await this.enter('listMigrationCandidates', host);
    if (host === null) return [...this.candidates];
    const names = [host.name, host.dnsHostName]
      .filter((n): n is string => n !== null)
      .map((n) => n.toLowerCase());
    return this.candidates.filter((c) => c.servicePrincipalNames.some((spn) => names.includes(spnHost(spn))));
  }
}

export interface FixtureDeps {
  directory: FakeDirectory;
  auditSource: FakeAuditSource;
  auditConfig: AuditConfig;
  now: Date;
}

/** Deps for command tests: the fixture directory and audit facts derived from it. */
export function fixtureDeps(now: Date): FixtureDeps {
  const directory = FakeDirectory.fromFixtures();
  return {
    directory,
    auditSource: FakeAuditSource.fromDirectory(directory),
    auditConfig: defaultAuditConfig,
    now,
  };
}

/** For answers that read no audit facts: an empty audit source and the default configuration. */
export const NO_AUDIT: { auditSource: AuditSource; auditConfig: AuditConfig } = {
  auditSource: new FakeAuditSource([]),
  auditConfig: defaultAuditConfig,
};
