import { sharedIdentityCheck } from '../../../src/audit/checks/shared-identity';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(sharedIdentityCheck);

describe('shared-identity', () => {
  it('names the service classes as written', () => {
    const [finding] = runCheckFixture(sharedIdentityCheck).of('svc_shared');
    expect(finding?.title).toBe('Runs 2 kinds of service: HTTP, MSSQLSvc');
  });
});
