import type { AccountFacts, MembershipFacts } from '../domain/audit-facts';
import type { AuditScope, AuditSource, MigrationCandidate } from '../domain/audit-source';

/** The two ways into the directory: each its own connection and its own searches-at-once cap. */
export interface AuditLanes {
  /** quick questions about one thing (show, test): answered in a few round trips */
  lookups: AuditSource;
  /** reads of many accounts (audits, the digest, migration candidates): seconds at scale */
  audits: AuditSource;
}

/**
 * Sends the one-account read (`show`, `test`) down the lookups' lane and every read of many
 * accounts down the audits' lane, so a full audit holds audit slots only and never a lookup's.
 */
export class LaneAuditSource implements AuditSource {
  constructor(private readonly lanes: AuditLanes) {}

  readAccountFacts(scope: AuditScope): Promise<AccountFacts[]> {
    return this.laneFor(scope).readAccountFacts(scope);
  }

  readMembershipFacts(scope: AuditScope): Promise<MembershipFacts[]> {
    return this.laneFor(scope).readMembershipFacts(scope);
  }

  listMigrationCandidates(
    host: { name: string; dnsHostName: string | null } | null,
  ): Promise<MigrationCandidate[]> {
    return this.lanes.audits.listMigrationCandidates(host);
  }

  private laneFor(scope: AuditScope): AuditSource {
    return scope.kind === 'account' ? this.lanes.lookups : this.lanes.audits;
  }
}
