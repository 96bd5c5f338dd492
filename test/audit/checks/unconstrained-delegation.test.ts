import { unconstrainedDelegationCheck } from '../../../src/audit/checks/unconstrained-delegation';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(unconstrainedDelegationCheck);

describe('unconstrained-delegation', () => {
  it('shows the userAccountControl bit and proposes clearing it', () => {
    const [finding] = runCheckFixture(unconstrainedDelegationCheck).of('svc_uncon');
    expect(finding?.evidence[0]?.value).toBe('TRUSTED_FOR_DELEGATION (0x80000) is set');
    expect(finding?.mitigation).toContain(
      "Set-ADAccountControl -Identity 'svc_uncon$' -TrustedForDelegation $false",
    );
    expect(finding?.remediation).toEqual({ kind: 'clear-unconstrained-delegation' });
  });
});
