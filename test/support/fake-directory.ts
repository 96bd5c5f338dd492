import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Computer } from '../../src/domain/computer';
import type { Directory } from '../../src/domain/directory';
import type { ServiceAccount, ServiceAccountKind } from '../../src/domain/service-account';

/**
 * An in-memory Directory for unit tests, built from the JSON fixtures in test/fixtures/accounts/.
 * Like the LDAP directory it matches names case-insensitively, sorts by name, and derives each
 * account's hosts (the msDS-HostServiceAccountBL backlink) from the computers' links.
 */

const date = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const computerFixture = z.strictObject({
  distinguishedName: z.string(),
  name: z.string(),
  samAccountName: z.string().optional(),
  dnsHostName: z.string().nullable().default(null),
  sid: z.string().default('S-1-5-21-1000-2000-3000-1000'),
  enabled: z.boolean().default(true),
  operatingSystem: z.string().nullable().default(null),
  hostedServiceAccountDns: z.array(z.string()).default([]),
});

const accountFixture = z.strictObject({
  kind: z.enum(['sMSA', 'gMSA']).default('sMSA'),
  distinguishedName: z.string(),
  name: z.string(),
  samAccountName: z.string().optional(),
  sid: z.string().default('S-1-5-21-1000-2000-3000-2000'),
  guid: z.string().default('00000000-0000-0000-0000-000000000000'),
  description: z.string().nullable().default(null),
  managedBy: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
  trustedForDelegation: z.boolean().default(false),
  trustedToAuthForDelegation: z.boolean().default(false),
  notDelegated: z.boolean().default(false),
  useDesKeyOnly: z.boolean().default(false),
  servicePrincipalNames: z.array(z.string()).default([]),
  passwordLastSetAt: date.nullable().default(null),
  lastLogonAt: date.nullable().default(null),
  createdAt: date.nullable().default(null),
  memberOfDns: z.array(z.string()).default([]),
  supportedEncryptionTypes: z.number().int().nullable().default(28),
  allowedToDelegateTo: z.array(z.string()).default([]),
  adminCount: z.number().int().nullable().default(null),
  passwordIntervalDays: z.number().int().nullable().default(null),
});

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'accounts');

export type ComputerInput = z.input<typeof computerFixture>;
export type ServiceAccountInput = z.input<typeof accountFixture>;

function toComputer(c: z.output<typeof computerFixture>): Computer {
  return { ...c, samAccountName: c.samAccountName ?? `${c.name}$` };
}

function toServiceAccount(
  a: z.output<typeof accountFixture>,
  hostComputerDns: string[] = [],
): ServiceAccount {
  return { ...a, samAccountName: a.samAccountName ?? `${a.name}$`, hostComputerDns };
}

export function makeComputer(input: ComputerInput): Computer {
  return toComputer(computerFixture.parse(input));
}

/** A service account with sensible defaults; hosts come from the computers when put in a FakeDirectory. */
export function makeServiceAccount(
  input: ServiceAccountInput & { hostComputerDns?: string[] },
): ServiceAccount {
  const { hostComputerDns, ...rest } = input;
  return toServiceAccount(accountFixture.parse(rest), hostComputerDns);
}

type Method = Exclude<keyof Directory, 'close'> | 'close';

export class FakeDirectory implements Directory {
  readonly computers: Computer[];
  readonly serviceAccounts: ServiceAccount[];
  /** every call with its arguments, to check that user text arrives verbatim */
  readonly calls: { method: Method; args: unknown[] }[] = [];
  /** when set, every call rejects with it (a directory outage) */
  failure: Error | null = null;

  constructor(computers: readonly Computer[], serviceAccounts: readonly ServiceAccount[]) {
    this.computers = [...computers];
    this.serviceAccounts = serviceAccounts.map((account) => {
      const dn = account.distinguishedName.toLowerCase();
      const linked = computers.filter((c) => c.hostedServiceAccountDns.some((d) => d.toLowerCase() === dn));
      return linked.length > 0
        ? { ...account, hostComputerDns: linked.map((c) => c.distinguishedName) }
        : account;
    });
  }

  /** The fixture domain: test/fixtures/accounts/{computers,service-accounts}.json. */
  static fromFixtures(dir = FIXTURES_DIR): FakeDirectory {
    const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const computers = z.array(computerFixture).parse(read('computers.json'));
    const accounts = z.array(accountFixture).parse(read('service-accounts.json'));
    return new FakeDirectory(
      computers.map((c) => toComputer(c)),
      accounts.map((a) => toServiceAccount(a)),
    );
  }

  private async enter(method: Method, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await Promise.resolve();
    if (this.failure !== null) throw this.failure;
  }

  async findComputer(host: string): Promise<Computer | null> {
    await this.enter('findComputer', host);
    const wanted = host.toLowerCase();
    return (
      this.computers.find(
        (c) =>
          c.name.toLowerCase() === wanted ||
          c.samAccountName.toLowerCase() === wanted ||
          c.dnsHostName?.toLowerCase() === wanted,
      ) ?? null
    );
  }

  async listComputerNames(): Promise<string[]> {
    await this.enter('listComputerNames');
    return this.computers.map((c) => c.name).sort((a, b) => a.localeCompare(b));
  }

  async findServiceAccount(name: string): Promise<ServiceAccount | null> {
    await this.enter('findServiceAccount', name);
    const wanted = name.toLowerCase();
    return (
      this.serviceAccounts.find(
        (a) =>
          a.name.toLowerCase() === wanted ||
          a.samAccountName.toLowerCase() === wanted ||
          a.samAccountName.toLowerCase() === `${wanted}$` ||
          a.distinguishedName.toLowerCase() === wanted,
      ) ?? null
    );
  }

  async listServiceAccounts(
    kinds: readonly ServiceAccountKind[] = ['sMSA', 'gMSA'],
  ): Promise<ServiceAccount[]> {
    await this.enter('listServiceAccounts', kinds);
    return this.serviceAccounts
      .filter((a) => kinds.includes(a.kind))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  async getServiceAccountsByDn(dns: readonly string[]): Promise<ServiceAccount[]> {
    await this.enter('getServiceAccountsByDn', dns);
    return dns.flatMap((dn) =>
      this.serviceAccounts.filter((a) => a.distinguishedName.toLowerCase() === dn.toLowerCase()),
    );
  }

  async getComputersByDn(dns: readonly string[]): Promise<Computer[]> {
    await this.enter('getComputersByDn', dns);
    return dns.flatMap((dn) =>
      this.computers.filter((c) => c.distinguishedName.toLowerCase() === dn.toLowerCase()),
    );
  }

  async close(): Promise<void> {
    await this.enter('close');
  }
}
