import type { ApprovalStore } from './approval-store';
import type { AuditTrail } from './audit-trail';
import type { ConversationStore } from './conversation-store';
import type { DigestStore } from './digest-store';
import { PostgresEngine } from './postgres-engine';
import { SqlApprovalStore } from './sql-approval-store';
import { SqlAuditTrail } from './sql-audit-trail';
import { SqlConversationStore } from './sql-conversation-store';
import { SqlDigestStore } from './sql-digest-store';
import type { SqlEngine } from './sql-engine';
import { SqliteEngine } from './sqlite-engine';

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string; maxConnections?: number };

/**
 * Everything msa-warden keeps between requests and shares between replicas, one port per concern
 * over one database. Callers take only the port they need; whoever opened it closes it.
 */
export interface Stores {
  conversations: ConversationStore;
  approvals: ApprovalStore;
  auditTrail: AuditTrail;
  digests: DigestStore;
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
    auditTrail: new SqlAuditTrail(engine),
    digests: new SqlDigestStore(engine),
    close: () => engine.close(),
  };
}
