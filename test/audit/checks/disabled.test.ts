import { disabledCheck } from '../../../src/audit/checks/disabled';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(disabledCheck);

describe('disabled', () => {
  it('shows the flag and leaves removal to a human', () => {
    const [finding] = runCheckFixture(disabledCheck).of('svc_off');
    expect(finding?.evidence).toEqual([
      { label: 'userAccountControl', value: 'ACCOUNTDISABLE (0x2) is set' },
    ]);
    expect(finding?.remediation).toBeNull();
  });
});
