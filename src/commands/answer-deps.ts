import type { AuditConfig } from '../domain/audit-config';
import type { AuditSource } from '../domain/audit-source';
import type { Directory } from '../domain/directory';
import type { DigestCommandDeps } from './answers/digest-command-deps';

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
  /** the conversation a message came from, the store and the scheduler: without it the digest commands say they need a conversation */
  digest?: DigestCommandDeps;
}
