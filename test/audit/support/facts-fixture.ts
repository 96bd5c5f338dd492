import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AccountFacts,
  AclEntry,
  GroupMembership,
  PasswordReader,
  ResolvedPrincipal,
  SpnConflict,
} from '../../../src/domain/audit-facts';
import type { Computer } from '../../../src/domain/computer';
import type { CheckId, Finding, Severity } from '../../../src/domain/finding';
import type { ServiceAccount } from '../../../src/domain/service-account';

/**
 * JSON audit fixtures: each account starts from a clean default (enabled, linked to an enabled host,
 * password 10 days old, logged on yesterday, AES only, described, one service) so a fixture states
 * only what it is about. Dates are ISO strings or offsets from `now` such as "-40d".
 */
export const DOMAIN = 'S-1-5-21-1000-2000-3000';
export const BASE_DN = 'DC=corp,DC=example,DC=test';

type DateInput = string | null;
type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]?: DateInput };

export type AccountInput = Partial<
  Dated<ServiceAccount, 'passwordLastSetAt' | 'lastLogonAt' | 'createdAt'>
> & { name: string };
export type PrincipalInput = Partial<ResolvedPrincipal> & { sid: string };

export interface FactsInput {
  account: AccountInput;
  hosts?: Array<Partial<Computer> & { name: string }>;
  memberships?: GroupMembership[];
  owner?: PrincipalInput | null;
  aclEntries?: Array<Partial<Omit<AclEntry, 'trustee'>> & { mask: number; trustee: PrincipalInput }>;
  rbcdPrincipals?: PrincipalInput[];
  passwordReaders?: Array<{ principal: PrincipalInput; via?: string[] }> | null;
  duplicateSpns?: SpnConflict[];
}

export interface ExpectedFinding {
  checkId: CheckId;
  account: string;
  detail: string;
  severity: Severity;
  /** the finding key, written out: `checkId:objectGUID:detail` */
  key: string;
}

export interface FixtureFile {
  description?: string;
  now: string;
  accounts: FactsInput[];
  expected: ExpectedFinding[];
}

export interface Fixture {
  now: Date;
  facts: AccountFacts[];
  expected: ExpectedFinding[];
}

const dayMs = 86_400_000;

export function toDate(value: DateInput | undefined, now: Date, fallback: Date | null): Date | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  const relative = /^([+-]?\d+(?:\.\d+)?)d$/.exec(value);
  if (relative) return new Date(now.getTime() + Number(relative[1]) * dayMs);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`fixture date "${value}" is neither ISO nor "-Nd"`);
  return date;
}

/** A small stable hash so default SIDs differ per name without a global counter. */
function ridFor(name: string, base: number): number {
  let hash = 0x811c9dc5;
  for (const char of name.toLowerCase()) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return base + (hash % 100_000);
}

export function computer(input: Partial<Computer> & { name: string }): Computer {
  return {
    distinguishedName: `CN=${input.name},OU=Servers,${BASE_DN}`,
    samAccountName: `${input.name}$`,
    dnsHostName: `${input.name.toLowerCase()}.corp.example.test`,
    sid: `${DOMAIN}-${ridFor(input.name, 200_000)}`,
    enabled: true,
    operatingSystem: 'Windows Server 2022 Datacenter',
    hostedServiceAccountDns: [],
    ...input,
  };
}

export function principal(input: PrincipalInput): ResolvedPrincipal {
  return { name: input.sid, kind: 'user', distinguishedName: null, groupSids: [], ...input };
}

export function buildFacts(input: FactsInput, now: Date): AccountFacts {
  const { name } = input.account;
  const kind = input.account.kind ?? 'sMSA';
  const defaultHost = computer({ name: `SRV-${name.toUpperCase()}` });
  const hosts = (input.hosts ?? (kind === 'sMSA' ? [defaultHost] : [])).map(computer);
  const { passwordLastSetAt, lastLogonAt, createdAt, ...rest } = input.account;
  const account: ServiceAccount = {
    kind,
    distinguishedName: `CN=${name},CN=Managed Service Accounts,${BASE_DN}`,
    samAccountName: `${name}$`,
    sid: `${DOMAIN}-${ridFor(name, 100_000)}`,
    guid: `00000000-0000-4000-8000-${ridFor(name, 0).toString(16).padStart(12, '0')}`,
    description: `Test account ${name}`,
    managedBy: `CN=Service Owners,OU=Groups,${BASE_DN}`,
    enabled: true,
    trustedForDelegation: false,
    trustedToAuthForDelegation: false,
    notDelegated: false,
    useDesKeyOnly: false,
    servicePrincipalNames: [`HTTP/${name.toLowerCase()}.corp.example.test`],
    hostComputerDns: hosts.map((h) => h.distinguishedName),
    memberOfDns: (input.memberships ?? [])
      .filter((m) => m.via.length === 0)
      .map((m) => m.group.distinguishedName),
    supportedEncryptionTypes: 24,
    allowedToDelegateTo: [],
    adminCount: null,
    passwordIntervalDays: kind === 'gMSA' ? 30 : null,
    ...rest,
    passwordLastSetAt: toDate(passwordLastSetAt, now, new Date(now.getTime() - 10 * dayMs)),
    lastLogonAt: toDate(lastLogonAt, now, new Date(now.getTime() - dayMs)),
    createdAt: toDate(createdAt, now, new Date(now.getTime() - 400 * dayMs)),
  };
  const defaultReaders: PasswordReader[] = [
    {
      principal: principal({ sid: defaultHost.sid, name: defaultHost.samAccountName, kind: 'computer' }),
      via: [],
    },
  ];
  return {
    account,
    hosts,
    memberships: input.memberships ?? [],
    owner: input.owner === undefined ? null : input.owner && principal(input.owner),
    aclEntries: (input.aclEntries ?? []).map((e) => ({
      allow: true,
      objectType: null,
      inherited: false,
      inheritOnly: false,
      ...e,
      trustee: principal(e.trustee),
    })),
    rbcdPrincipals: (input.rbcdPrincipals ?? []).map(principal),
    passwordReaders:
      input.passwordReaders === undefined
        ? kind === 'gMSA'
          ? defaultReaders
          : null
        : input.passwordReaders &&
          input.passwordReaders.map((r) => ({ principal: principal(r.principal), via: r.via ?? [] })),
    duplicateSpns: input.duplicateSpns ?? [],
  };
}

export function loadFixture(file: string): Fixture {
  const path = join(__dirname, '..', '..', 'fixtures', 'audit', file);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as FixtureFile;
  const now = new Date(parsed.now);
  return { now, facts: parsed.accounts.map((a) => buildFacts(a, now)), expected: parsed.expected };
}

/** `checkId account detail severity key`, sorted: the exact set a test compares. */
export function summarise(findings: ReadonlyArray<Finding | ExpectedFinding>): string[] {
  return findings
    .map((f) => {
      const account = typeof f.account === 'string' ? f.account : f.account.name;
      return `${f.checkId} ${account} ${f.detail} ${f.severity} ${f.key}`;
    })
    .sort();
}
