import { gmsaPasswordReadersCheck } from '../../../src/audit/checks/gmsa-password-readers';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(gmsaPasswordReadersCheck);

describe('gmsa-password-readers', () => {
  const run = runCheckFixture(gmsaPasswordReadersCheck);

  it('shows the group path through which a user reads the password', () => {
    const [finding] = run.of('gmsa_web');
    expect(finding?.title).toBe('jdoe can read the password');
    expect(finding?.evidence).toContainEqual({
      label: 'Granted through',
      value: 'WebServers → Web Admins → jdoe',
    });
    expect(finding?.mitigation).toContain('take jdoe out of Web Admins');
  });

  it('flags Domain Computers as broad but computers-only', () => {
    const finding = run.of('gmsa_broad').find((f) => f.severity === 'medium');
    expect(finding?.title).toBe('Every computer in the domain (Domain Computers) can read the password');
  });
});
