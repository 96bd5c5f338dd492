import { resourceBasedDelegationCheck } from '../../../src/audit/checks/resource-based-delegation';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(resourceBasedDelegationCheck);

describe('resource-based-delegation', () => {
  it('reports each allowed principal once, with the full list as evidence, and proposes clearing RBCD', () => {
    const findings = runCheckFixture(resourceBasedDelegationCheck).of('svc_rbcd');
    expect(findings.map((f) => f.title)).toEqual([
      'WEB01$ may act on behalf of any user to this account',
      'jdoe may act on behalf of any user to this account',
    ]);
    expect(findings[0]?.evidence).toContainEqual({
      label: 'msDS-AllowedToActOnBehalfOfOtherIdentity',
      value: 'WEB01$, jdoe, WEB01$',
    });
    expect(findings.every((f) => f.remediation?.kind === 'clear-rbcd')).toBe(true);
  });
});
