import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultAuditConfig } from '../../src/audit/audit-config';
import { checksById } from '../../src/audit/checks';
import { runAudit } from '../../src/audit/run-audit';
import type { AccountFacts } from '../../src/domain/audit-facts';
import { equals } from '../../src/directory/filters';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { sidToString } from '../../src/directory/sid';
import { testDirectoryOptions } from '../support/dc';

/**
 * The whole audit on the seeded fixture directory (test/fixtures/directory/*.ldif) must give exactly
 * the findings in expected-findings.json: a false positive fails as surely as a miss.
 */

interface Expected {
  clockDaysAfterSeeding: number;
  findings: Array<{ checkId: string; account: string; detail: string }>;
  privileged: Array<{ account: string; chain: string }>;
}

const expected = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'directory', 'expected-findings.json'), 'utf8'),
) as Expected;

const DAY_MS = 86_400_000;
const row = (f: { checkId: string; account: string; detail: string }): string =>
  `${f.checkId} | ${f.account} | ${f.detail}`;

describe('the audit on the fixture directory', () => {
  let directory: LdapDirectory;
  let facts: AccountFacts[];
  let now: Date;

  /** `{sid:NAME}` → the objectSid of the object with that sAMAccountName, read as the bot. */
  async function resolveSids(detail: string): Promise<string> {
    let out = detail;
    for (const [placeholder, name] of detail.matchAll(/\{sid:([^}]+)\}/g)) {
      const [entry] = await directory.searchEntries({
        baseDn: directory.baseDn,
        scope: 'sub',
        filter: equals('sAMAccountName', name ?? ''),
        attributes: ['objectSid'],
        binaryAttributes: ['objectSid'],
      });
      const sid = entry?.buffer('objectSid');
      if (!sid) throw new Error(`expected-findings.json names ${name}, which the directory does not have`);
      out = out.replace(placeholder, sidToString(sid));
    }
    return out;
  }

  beforeAll(async () => {
    directory = new LdapDirectory(testDirectoryOptions());
    facts = await new LdapAuditSource(directory).readAccountFacts({ kind: 'all' });
    // pwdLastSet can only be stamped "now" on Samba: the clock is set relative to the seeding instead.
    const seeded = facts.find((f) => f.account.name === 'svc_sql01')?.account.passwordLastSetAt;
    if (!seeded) throw new Error('svc_sql01 has no pwdLastSet: the fixtures are not seeded');
    now = new Date(seeded.getTime() + expected.clockDaysAfterSeeding * DAY_MS);
  });
  afterAll(async () => {
    await directory.close();
  });

  it('"audit sMSAs": exactly the expected findings, nothing else', async () => {
    const want = await Promise.all(
      expected.findings.map(async (f) => row({ ...f, detail: await resolveSids(f.detail) })),
    );
    const got = runAudit(facts, { now, config: defaultAuditConfig }).map((f) =>
      row({ checkId: f.checkId, account: f.account.name, detail: f.detail }),
    );
    expect(got.sort()).toEqual(want.sort());
  });

  it('"audit privileged sMSAs": exactly the privileged accounts, each with its chain', () => {
    const findings = runAudit(facts, { now, config: defaultAuditConfig }, [
      checksById['privileged-membership'],
    ]);
    const got = findings.map((f) => ({
      account: f.account.name,
      chain: f.evidence.find((e) => e.label === 'Path')?.value,
    }));
    expect(got.sort((a, b) => a.account.localeCompare(b.account))).toEqual(expected.privileged);
  });

  it('the clock leaves sMSA passwords fresh and the 7-day gMSA overdue', () => {
    const ages = new Map(
      facts.map((f) => [
        f.account.name,
        f.account.passwordLastSetAt === null
          ? null
          : Math.floor((now.getTime() - f.account.passwordLastSetAt.getTime()) / DAY_MS),
      ]),
    );
    expect(ages.get('svc_sql01')).toBe(expected.clockDaysAfterSeeding);
    expect(ages.get('svc_new')).toBeNull();
    expect(facts.find((f) => f.account.name === 'gmsa_batch')?.account.passwordIntervalDays).toBe(7);
  });
});
