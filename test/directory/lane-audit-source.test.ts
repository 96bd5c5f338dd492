import { LaneAuditSource } from '../../src/directory/lane-audit-source';
import type { AccountFacts, MembershipFacts } from '../../src/domain/audit-facts';
import type { AuditScope, AuditSource, MigrationCandidate } from '../../src/domain/audit-source';

/** Records which lane each read went down. */
function lane(name: string, calls: string[]): AuditSource {
  return {
    readAccountFacts: (scope: AuditScope): Promise<AccountFacts[]> => {
      calls.push(`${name}:${scope.kind}`);
      return Promise.resolve([]);
    },
    readMembershipFacts: (scope: AuditScope): Promise<MembershipFacts[]> => {
      calls.push(`${name}:memberships:${scope.kind}`);
      return Promise.resolve([]);
    },
    listMigrationCandidates: (): Promise<MigrationCandidate[]> => {
      calls.push(`${name}:candidates`);
      return Promise.resolve([]);
    },
  };
}

describe('LaneAuditSource', () => {
  it('reads one account down the lookups lane and every read of many accounts down the audits lane', async () => {
    const calls: string[] = [];
    const source = new LaneAuditSource({ lookups: lane('lookups', calls), audits: lane('audits', calls) });
    await source.readAccountFacts({ kind: 'account', accountDn: 'CN=svc,DC=x' });
    await source.readAccountFacts({ kind: 'all' });
    await source.readAccountFacts({ kind: 'host', computerDn: 'CN=SRV01,DC=x' });
    await source.readMembershipFacts({ kind: 'all' });
    await source.readMembershipFacts({ kind: 'account', accountDn: 'CN=svc,DC=x' });
    await source.listMigrationCandidates(null);
    await source.listMigrationCandidates({ name: 'SRV01', dnsHostName: null });
    expect(calls).toEqual([
      'lookups:account',
      'audits:all',
      'audits:host',
      'audits:memberships:all',
      'lookups:memberships:account',
      'audits:candidates',
      'audits:candidates',
    ]);
  });
});
