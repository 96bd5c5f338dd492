import type { AccountFacts, MembershipFacts } from '../domain/audit-facts';
import type { AuditScope, AuditSource, MigrationCandidate } from '../domain/audit-source';
import { SingleFlight } from '../domain/single-flight';

/** One key per scope: `all`, `host:<dn>`, `account:<dn>` (DNs compared case-insensitively, as AD does). */
function scopeKey(scope: AuditScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'host':
      return `host:${scope.computerDn.toLowerCase()}`;
    case 'account':
      return `account:${scope.accountDn.toLowerCase()}`;
  }
}

/**
 * Simultaneous reads of the same scope share one directory read: ten people asking `audit sMSAs`
 * (or `audit privileged sMSAs`) at once cost the DC (and the bot's parsing of descriptors) one read
 * of every account, not ten. Only reads in flight are shared; the next read after one settles goes to
 * the directory again, so nobody gets facts older than their question. The facts are shared, never
 * changed by their readers (the checks are pure).
 */
export class SingleFlightAuditSource implements AuditSource {
  private readonly reads = new SingleFlight<AccountFacts[]>();
  private readonly membershipReads = new SingleFlight<MembershipFacts[]>();

  constructor(private readonly source: AuditSource) {}

  /** Reads in flight now. */
  get inFlight(): number {
    return this.reads.size + this.membershipReads.size;
  }

  readAccountFacts(scope: AuditScope): Promise<AccountFacts[]> {
    return this.reads.run(scopeKey(scope), () => this.source.readAccountFacts(scope));
  }

  readMembershipFacts(scope: AuditScope): Promise<MembershipFacts[]> {
    return this.membershipReads.run(scopeKey(scope), () => this.source.readMembershipFacts(scope));
  }

  listMigrationCandidates(
    host: { name: string; dnsHostName: string | null } | null,
  ): Promise<MigrationCandidate[]> {
    return this.source.listMigrationCandidates(host);
  }
}
