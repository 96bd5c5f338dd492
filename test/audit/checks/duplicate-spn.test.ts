import { duplicateSpnCheck } from '../../../src/audit/checks/duplicate-spn';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(duplicateSpnCheck);

describe('duplicate-spn', () => {
  it('names the other holder', () => {
    const [finding] = runCheckFixture(duplicateSpnCheck).of('svc_dup');
    expect(finding?.title).toBe('SPN MSSQLSvc/sql01.corp.example.test:1433 is also held by sqladmin');
    expect(finding?.evidence).toContainEqual({
      label: 'Also held by',
      value: 'CN=sqladmin,OU=Users,DC=corp,DC=example,DC=test',
    });
  });
});
