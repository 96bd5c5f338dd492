import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { privilegedMembershipCheck } from '../../../src/audit/checks/privileged-membership';
import { buildFacts, DOMAIN } from '../support/facts-fixture';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(privilegedMembershipCheck);

describe('privileged-membership', () => {
  const run = runCheckFixture(privilegedMembershipCheck);

  it('shows the chain of a nested membership and proposes removal from the direct group', () => {
    const [finding] = run.of('svc_web01');
    expect(finding?.title).toBe('Nested member of Administrators');
    expect(finding?.evidence).toContainEqual({
      label: 'Path',
      value: 'svc_web01$ → Tier0 Service Ops → Tier0 Admin Roles → Administrators',
    });
    expect(finding?.remediation).toEqual({
      kind: 'remove-from-group',
      groupDn: 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test',
      groupName: 'Tier0 Service Ops',
    });
  });

  it('reports a direct Domain Admins member once, not again for Administrators through Domain Admins', () => {
    const findings = run.of('svc_da');
    expect(findings.map((f) => f.detail)).toEqual([`${DOMAIN}-512`]);
    expect(findings[0]?.evidence).toContainEqual({ label: 'adminCount', value: '1' });
    expect(findings[0]?.remediation).toMatchObject({ groupName: 'Domain Admins' });
  });

  it('judges by SID: a group merely named "Domain Admins" is not privileged', () => {
    expect(run.of('svc_lookalike')).toEqual([]);
  });

  it('takes extra privileged groups from the config, by SID or by name', () => {
    const facts = buildFacts(
      {
        account: { name: 'svc_x' },
        memberships: [
          { group: { distinguishedName: 'CN=Tier0,OU=G', name: 'Tier0', sid: `${DOMAIN}-4242` }, via: [] },
          {
            group: { distinguishedName: 'CN=DnsAdmins,CN=Users', name: 'DnsAdmins', sid: `${DOMAIN}-1101` },
            via: [],
          },
        ],
      },
      run.fixture.now,
    );
    const noExtras = { now: run.fixture.now, config: { ...defaultAuditConfig, extraPrivilegedGroups: [] } };
    expect(privilegedMembershipCheck.run(facts, noExtras)).toEqual([]);
    const bySid = { ...noExtras, config: { ...noExtras.config, extraPrivilegedGroups: [`${DOMAIN}-4242`] } };
    expect(privilegedMembershipCheck.run(facts, bySid).map((f) => f.detail)).toEqual([`${DOMAIN}-4242`]);
  });
});
