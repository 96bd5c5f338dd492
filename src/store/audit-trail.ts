import type { AuditEntryInput, StoredAuditEntry } from '../audit-trail/audit-entry';

/** The append-only, hash-chained record of what was done. Every method may throw StoreError. */
export interface AuditTrail {
  /**
   * Appends one link; appends from several processes are serialised, so the chain never forks.
   * Throws StoreError `secret-in-audit` when details hold a secret-looking key or value
   * (see src/domain/redact-secrets.ts).
   */
  appendAudit(entry: AuditEntryInput): Promise<StoredAuditEntry>;
  listAudit(query?: AuditQuery): Promise<StoredAuditEntry[]>;
}

export interface AuditQuery {
  /** default 100, at most 1000 */
  limit?: number;
  /** only seq > afterSeq */
  afterSeq?: number;
  /** only seq < beforeSeq */
  beforeSeq?: number;
  /** default `asc`; `desc` gives the newest first */
  order?: 'asc' | 'desc';
}
