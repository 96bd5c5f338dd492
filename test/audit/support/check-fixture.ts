import { defaultAuditConfig } from '../../../src/domain/audit-config';
import type { AuditContext, Check } from '../../../src/audit/check';
import type { Finding } from '../../../src/domain/finding';
import { loadFixture, summarise, type Fixture } from './facts-fixture';

export interface CheckRun {
  fixture: Fixture;
  ctx: AuditContext;
  findings: Finding[];
  /** the findings for one account of the fixture */
  of(account: string): Finding[];
}

/** Runs one check over every account of `test/fixtures/audit/<check id>.json`. */
export function runCheckFixture(check: Check, file = `${check.id}.json`): CheckRun {
  const fixture = loadFixture(file);
  const ctx: AuditContext = { now: fixture.now, config: defaultAuditConfig };
  const findings = fixture.facts.flatMap((facts) => check.run(facts, ctx));
  return { fixture, ctx, findings, of: (account) => findings.filter((f) => f.account.name === account) };
}

/** The assertions every check shares: exact set, positives and negatives, stable keys, complete findings. */
export function describeCheckContract(check: Check): void {
  describe(`${check.id} contract`, () => {
    const run = runCheckFixture(check);

    it('finds exactly the expected findings (id, account, detail, severity, literal key) and nothing else', () => {
      expect(summarise(run.findings)).toEqual(summarise(run.fixture.expected));
    });

    it('has positive and negative cases', () => {
      const flagged = new Set(run.fixture.expected.map((e) => e.account));
      expect(flagged.size).toBeGreaterThan(0);
      expect(run.fixture.facts.some((f) => !flagged.has(f.account.name))).toBe(true);
    });

    it('keys findings by check, objectGUID and detail, the same on every run', () => {
      const again = runCheckFixture(check).findings.map((f) => f.key);
      expect(again).toEqual(run.findings.map((f) => f.key));
      for (const finding of run.findings) {
        expect(finding.checkId).toBe(check.id);
      }
      expect(new Set(again).size).toBe(again.length);
    });

    it('explains every finding: title, evidence, why and mitigation', () => {
      for (const finding of run.findings) {
        expect(finding.title).not.toBe('');
        expect(finding.evidence.length).toBeGreaterThan(0);
        for (const item of finding.evidence) expect(item.value).not.toBe('');
        expect(finding.why.length).toBeGreaterThan(40);
        expect(finding.mitigation.length).toBeGreaterThan(20);
      }
    });
  });
}
