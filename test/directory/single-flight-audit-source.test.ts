import { SingleFlightAuditSource } from '../../src/directory/single-flight-audit-source';
import { fixtureDeps } from '../support/fake-audit-source';
import { NOW } from '../support/card-inspect';

describe('SingleFlightAuditSource', () => {
  it('shares one read among simultaneous reads of the same scope, not of other scopes', async () => {
    const { auditSource: fake } = fixtureDeps(NOW);
    const source = new SingleFlightAuditSource(fake);
    const srv01 = 'CN=SRV01,OU=Servers,DC=corp,DC=example,DC=test';
    const [a, b, host, hostAgain] = await Promise.all([
      source.readAccountFacts({ kind: 'all' }),
      source.readAccountFacts({ kind: 'all' }),
      source.readAccountFacts({ kind: 'host', computerDn: srv01 }),
      source.readAccountFacts({ kind: 'host', computerDn: srv01.toUpperCase() }),
    ]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1);
    expect(host.length).toBeGreaterThan(0);
    expect(host).toBe(hostAgain);
    expect(fake.calls.map((c) => c.args[0])).toEqual([{ kind: 'all' }, { kind: 'host', computerDn: srv01 }]);
    expect(source.inFlight).toBe(0);
    // settled reads are not kept: the next read goes to the directory again
    await source.readAccountFacts({ kind: 'all' });
    expect(fake.calls).toHaveLength(3);
  });

  it('shares simultaneous membership reads (audit privileged) the same way', async () => {
    const { auditSource: fake } = fixtureDeps(NOW);
    const source = new SingleFlightAuditSource(fake);
    const [a, b] = await Promise.all([
      source.readMembershipFacts({ kind: 'all' }),
      source.readMembershipFacts({ kind: 'all' }),
    ]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1);
    expect(source.inFlight).toBe(0);
  });

  it('passes migration candidates through', async () => {
    const { auditSource: fake } = fixtureDeps(NOW);
    const source = new SingleFlightAuditSource(fake);
    expect(await source.listMigrationCandidates(null)).toEqual(await fake.listMigrationCandidates(null));
  });
});
