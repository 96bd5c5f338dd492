import { constrainedDelegationCheck } from '../../../src/audit/checks/constrained-delegation';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(constrainedDelegationCheck);

describe('constrained-delegation', () => {
  const run = runCheckFixture(constrainedDelegationCheck);

  it('rates protocol transition high and lists the targets to remove', () => {
    const [finding] = run.of('svc_kcd_pt');
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence).toContainEqual({
      label: 'msDS-AllowedToDelegateTo',
      value: 'cifs/fs01.corp.example.test, cifs/FS01',
    });
    expect(finding?.remediation).toEqual({
      kind: 'remove-delegation-targets',
      targets: ['cifs/fs01.corp.example.test', 'cifs/FS01'],
    });
    expect(finding?.mitigation).toContain('-TrustedToAuthForDelegation $false');
  });

  it('rates Kerberos-only delegation medium', () => {
    const [finding] = run.of('svc_kcd');
    expect(finding?.severity).toBe('medium');
    expect(finding?.mitigation).not.toContain('TrustedToAuthForDelegation');
  });

  it('keys the two variants differently, so adding protocol transition shows as a new finding', () => {
    expect(run.of('svc_kcd')[0]?.key.endsWith(':kerberos-only')).toBe(true);
    expect(run.of('svc_kcd_pt')[0]?.key.endsWith(':protocol-transition')).toBe(true);
  });
});
