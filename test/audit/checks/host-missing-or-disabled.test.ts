import { hostMissingOrDisabledCheck } from '../../../src/audit/checks/host-missing-or-disabled';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(hostMissingOrDisabledCheck);

describe('host-missing-or-disabled', () => {
  const run = runCheckFixture(hostMissingOrDisabledCheck);

  it('names the disabled host and proposes disabling the account when no live host is left', () => {
    const [finding] = run.of('svc_deadhost');
    expect(finding?.title).toBe('Linked host SRV-OLD is disabled');
    expect(finding?.remediation).toEqual({ kind: 'disable-account' });
  });

  it('proposes nothing automatic while another linked host is alive', () => {
    const [finding] = run.of('svc_twohosts');
    expect(finding?.title).toBe('Linked host SRV-B is disabled');
    expect(finding?.remediation).toBeNull();
  });

  it('reports a linked DN that resolves to no computer', () => {
    expect(run.of('svc_missing')[0]?.title).toBe(
      'Linked host CN=SRV-GONE,OU=Servers,DC=corp,DC=example,DC=test not found',
    );
  });
});
