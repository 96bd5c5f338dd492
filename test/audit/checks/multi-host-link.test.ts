import { multiHostLinkCheck } from '../../../src/audit/checks/multi-host-link';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(multiHostLinkCheck);

describe('multi-host-link', () => {
  it('lists the hosts by name', () => {
    const [finding] = runCheckFixture(multiHostLinkCheck).of('svc_multi');
    expect(finding?.evidence).toEqual([{ label: 'msDS-HostServiceAccountBL', value: 'SRV-A, SRV-B' }]);
    expect(finding?.title).toBe('Linked to 2 computers');
  });
});
