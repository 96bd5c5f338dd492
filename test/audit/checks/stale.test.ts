import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { staleCheck } from '../../../src/audit/checks/stale';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(staleCheck);

describe('stale', () => {
  const run = runCheckFixture(staleCheck);

  it('says how long ago the last logon was', () => {
    const [finding] = run.of('svc_stale');
    expect(finding?.title).toBe('No logon for 120 days');
    expect(finding?.evidence[0]).toEqual({ label: 'Last logon', value: '2025-02-01 (120 days ago)' });
    expect(finding?.remediation).toEqual({ kind: 'disable-account' });
  });

  it('reports an old account that never logged on, with its age', () => {
    const [finding] = run.of('svc_never_old');
    expect(finding?.title).toBe('Never logged on');
    expect(finding?.evidence).toContainEqual({ label: 'Created', value: '2024-11-13 (200 days ago)' });
  });

  it('follows the configured threshold', () => {
    const facts = run.fixture.facts.find((f) => f.account.name === 'svc_edge')!;
    const config = { ...defaultAuditConfig, staleLogonDays: 60 };
    expect(staleCheck.run(facts, { now: run.fixture.now, config })).toHaveLength(1);
  });
});
