import type { AuditKey } from '../audit-trail/audit-hash';
import type { ApprovalPosts } from './approval-posts';
import type { ApprovalStore } from './approval-store';
import type { AuditSinkCursors } from './audit-sink-cursors';
import type { AuditTrail } from './audit-trail';
import type { ConversationStore } from './conversation-store';
import type { DigestStore } from './digest-store';
import { PostgresEngine } from './postgres-engine';
import { SqlApprovalPosts } from './sql-approval-posts';
import { SqlApprovalStore } from './sql-approval-store';
import { SqlAuditSinkCursors } from './sql-audit-sink-cursors';
import { SqlAuditTrail } from './sql-audit-trail';
import { SqlConversationStore } from './sql-conversation-store';
import { SqlDigestStore } from './sql-digest-store';
import type { SqlEngine } from './sql-engine';
import { SqliteEngine } from './sqlite-engine';

export type StoreConfig = (
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string; maxConnections?: number }
) & {
  /** keys the audit chain with HMAC-SHA256 (AUDIT_HMAC_KEY); the bot always passes one */
  auditKey?: AuditKey;
};

/**
 * Everything msa-warden keeps between requests and shares between replicas, one port per concern
 * over one database. Callers take only the port they need; whoever opened it closes it.
 */
export interface Stores {
  conversations: ConversationStore;
  approvals: ApprovalStore;
  /** the approvals channel and where each approval card was posted */
  approvalPosts: ApprovalPosts;
  auditTrail: AuditTrail;
  digests: DigestStore;
  /** how far each SIEM sink has acknowledged the audit trail */
  auditSinkCursors: AuditSinkCursors;
  /** For /readyz: one trivial statement; throws StoreError (`unavailable`) when the database does not answer. */
  ping(): Promise<void>;
  /** Idempotent; afterwards every port throws StoreError `closed`. */
  close(): Promise<void>;
}

/** Opens the configured database and applies pending migrations. Throws StoreError (`unavailable`, `invalid`). */
export async function openStore(config: StoreConfig): Promise<Stores> {
  const engine: SqlEngine =
    config.kind === 'sqlite' ? SqliteEngine.open(config.path) : await PostgresEngine.open(config);
  return {
    conversations: new SqlConversationStore(engine),
    approvals: new SqlApprovalStore(engine),
    approvalPosts: new SqlApprovalPosts(engine),
    auditTrail: new SqlAuditTrail(engine, config.auditKey),
    digests: new SqlDigestStore(engine),
    auditSinkCursors: new SqlAuditSinkCursors(engine),
    ping: async () => {
      await engine.query('SELECT 1');
    },
    close: () => engine.close(),
  };
}
