import type { StoredAuditEntry } from '../audit-trail/audit-entry';
import type { AuditTrailVerdict } from '../audit-trail/verify-audit-trail';
import type { AuditConfig } from '../domain/audit-config';
import type { AuditSource } from '../domain/audit-source';
import type { Directory } from '../domain/directory';

/** What every answer needs: the directory, the audit's view of it, and the clock (answers are pure apart from reads). */
export interface AnswerDeps {
  directory: Directory;
  /** facts for the audit checks and migration candidates */
  auditSource: AuditSource;
  /** thresholds and protected groups the checks judge by */
  auditConfig: AuditConfig;
  now: Date;
  /** told about every error turned into an error card, for the operator's log; optional */
  onError?: (error: unknown) => void;
  /** the audit trail, for `verify audit trail` and `audit trail [n]`; absent → those say it is not kept */
  auditTrail?: AuditTrailReader;
}

/** What the audit trail commands read (AnchoredAuditTrail has it). */
export interface AuditTrailReader {
  verify(): Promise<AuditTrailVerdict>;
  /** newest first */
  latest(count: number): Promise<StoredAuditEntry[]>;
}
