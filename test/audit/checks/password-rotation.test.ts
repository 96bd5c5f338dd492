import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { passwordRotationCheck } from '../../../src/audit/checks/password-rotation';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(passwordRotationCheck);

describe('password-rotation', () => {
  const run = runCheckFixture(passwordRotationCheck);

  it('states the age, the expected interval and how late it is', () => {
    const [finding] = run.of('svc_old');
    expect(finding?.title).toBe('Password 40 days old (rotates every 30)');
    expect(finding?.evidence).toEqual([
      { label: 'Password last set', value: '2025-04-22 (40 days ago)' },
      { label: 'Expected rotation', value: "every 30 days (machine account password age) + 5 days' grace" },
      { label: 'Overdue by', value: '10 days' },
    ]);
  });

  it("uses a gMSA's own interval", () => {
    expect(run.of('gmsa_old')[0]?.title).toBe('Password 70 days old (rotates every 60)');
    expect(run.of('gmsa_ok')).toEqual([]);
  });

  it('follows the configured maximum age and grace', () => {
    const strict = {
      now: run.fixture.now,
      config: { ...defaultAuditConfig, maxPasswordAgeDays: 20, passwordGraceDays: 0 },
    };
    const edge = run.fixture.facts.find((f) => f.account.name === 'svc_edge')!;
    expect(passwordRotationCheck.run(edge, strict).map((f) => f.detail)).toEqual(['overdue']);
  });
});
