import type { AccountFacts, MembershipFacts } from './audit-facts';

/** Which managed service accounts an audit reads. */
export type AuditScope =
  | { kind: 'all' }
  /** the accounts linked to one computer (already resolved by the caller) */
  | { kind: 'host'; computerDn: string }
  | { kind: 'account'; accountDn: string };

/** A user account acting as a service (it holds SPNs): a candidate to move to an sMSA/gMSA. */
export interface MigrationCandidate {
  distinguishedName: string;
  name: string;
  samAccountName: string;
  sid: string;
  enabled: boolean;
  servicePrincipalNames: string[];
  passwordLastSetAt: Date | null;
  lastLogonAt: Date | null;
  description: string | null;
}

/**
 * The audit's view of the directory, implemented over LDAP in src/directory/. Reads stream through
 * paged searches; what is held in memory grows with the number of managed service accounts, not
 * with the size of the directory. Throws DirectoryError on failure.
 */
export interface AuditSource {
  /** Facts for every managed service account (sMSA and gMSA) in scope, sorted by account name. */
  readAccountFacts(scope: AuditScope): Promise<AccountFacts[]>;
  /**
   * Only the accounts and their groups (direct, nested and primary, each with its shortest path), for
   * every managed service account in scope, sorted by account name: what `audit privileged sMSAs`
   * needs, without the descriptors, hosts and SPN holders of a full read.
   */
  readMembershipFacts(scope: AuditScope): Promise<MembershipFacts[]>;
  /** Enabled and disabled user accounts with SPNs; with a host, those whose SPNs name it (NetBIOS or DNS name). */
  listMigrationCandidates(
    host: { name: string; dnsHostName: string | null } | null,
  ): Promise<MigrationCandidate[]>;
}
