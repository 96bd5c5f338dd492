import { orphanedCheck } from '../../../src/audit/checks/orphaned';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(orphanedCheck);

describe('orphaned', () => {
  it('proposes disabling an sMSA linked to no computer', () => {
    const [finding] = runCheckFixture(orphanedCheck).of('svc_orphan');
    expect(finding?.remediation).toEqual({ kind: 'disable-account' });
    expect(finding?.evidence[0]?.label).toBe('msDS-HostServiceAccountBL');
  });

  it('does not call a gMSA orphaned when its readers were not read (null)', () => {
    expect(runCheckFixture(orphanedCheck).of('gmsa_unread')).toEqual([]);
  });
});
