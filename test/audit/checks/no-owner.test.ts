import { noOwnerCheck } from '../../../src/audit/checks/no-owner';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(noOwnerCheck);

describe('no-owner', () => {
  it('suggests setting ManagedBy and Description', () => {
    const [finding] = runCheckFixture(noOwnerCheck).of('svc_nobody');
    expect(finding?.mitigation).toContain("Set-ADServiceAccount -Identity 'svc_nobody$' -ManagedBy");
    expect(finding?.remediation).toBeNull();
  });
});
