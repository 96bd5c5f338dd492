import { defaultAuditConfig } from '../../src/domain/audit-config';
import { checksById } from '../../src/audit/checks';
import { runAudit } from '../../src/audit/run-audit';
import type { AccountFacts } from '../../src/domain/audit-facts';
import { LdapAuditSource } from '../../src/directory/ldap-audit-source';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { testDirectoryOptions } from '../support/dc';
import { DAY_MS, expected, resolveSids, seededNow } from '../support/expected-findings';

/**
 * The whole audit on the seeded fixture directory (test/fixtures/directory/*.ldif) must give exactly
 * the findings in expected-findings.json: a false positive fails as surely as a miss.
 */

const row = (f: { checkId: string; account: string; detail: string }): string =>
  `${f.checkId} | ${f.account} | ${f.detail}`;

describe('the audit on the fixture directory', () => {
  let directory: LdapDirectory;
  let facts: AccountFacts[];
  let now: Date;

  beforeAll(async () => {
    directory = new LdapDirectory(testDirectoryOptions());
    facts = await new LdapAuditSource(directory).readAccountFacts({ kind: 'all' });
    now = await seededNow(directory);
  });
  afterAll(async () => {
    await directory.close();
  });

  it('"audit sMSAs": exactly the expected findings, nothing else', async () => {
    const want = await Promise.all(
      expected.findings.map(async (f) => row({ ...f, detail: await resolveSids(directory, f.detail) })),
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
