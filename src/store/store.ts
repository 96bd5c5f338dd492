import type { AuditEntryInput, StoredAuditEntry } from '../audit-trail/audit-entry';

/**
 * The Store port: everything msa-warden keeps between requests and shares between bot replicas.
 * Adapters: SQLite (node:sqlite, embedded default) and PostgreSQL (several replicas). Every method
 * may throw StoreError; writes that two replicas can race on are decided by the database
 * (create-only inserts, versioned updates, a serialised audit append, insert-if-absent slots).
 */
export interface Store {
  // Conversations (for proactive messages and the digest)
  /**
   * Upserts by id and marks the conversation active again. Digest fields left undefined keep their
   * stored values (a new conversation starts unsubscribed), so refreshing a reference never
   * unsubscribes a channel.
   */
  saveConversation(conversation: ConversationInput): Promise<StoredConversation>;
  getConversation(id: string): Promise<StoredConversation | null>;
  /** Active conversations by id; `'digest'`: only those subscribed to the digest. */
  listActiveConversations(purpose?: ConversationPurpose): Promise<StoredConversation[]>;
  /** For a channel that removed the bot (403/404 on send): it is not retried until saved again. */
  markConversationInactive(id: string, reason: string, at: Date): Promise<void>;

  // Approvals
  /** Create-only: state `requested`, version 1, no decisions. Throws StoreError `duplicate` for a known id. */
  createApproval(approval: NewApproval): Promise<StoredApproval>;
  getApproval(id: string): Promise<StoredApproval | null>;
  /**
   * Applies `patch` only when the stored version equals `expectedVersion` (version + 1 after) and
   * returns the updated approval; returns null when the version moved on or the id is unknown, so of
   * two replicas (or a replayed click) exactly one wins. Legal state moves are the caller's state machine.
   */
  transitionApproval(
    id: string,
    expectedVersion: number,
    patch: ApprovalPatch,
  ): Promise<StoredApproval | null>;
  /** Sorted by createdAt, then id. */
  listApprovals(filter?: ApprovalFilter): Promise<StoredApproval[]>;

  // Audit trail (append-only, hash-chained)
  /**
   * Appends one link; appends from several processes are serialised, so the chain never forks.
   * Throws StoreError `secret-in-audit` when details hold a secret-looking key or value
   * (see redactSecrets in src/audit-trail/secret-keys.ts).
   */
  appendAudit(entry: AuditEntryInput): Promise<StoredAuditEntry>;
  listAudit(query?: AuditQuery): Promise<StoredAuditEntry[]>;

  // Digest
  /**
   * True for exactly one caller per (conversation, slot) across replicas. `slotIso` is the slot's
   * scheduled time as an ISO 8601 string; equal instants in different offsets are the same slot.
   */
  claimDigestSlot(conversationId: string, slotIso: string, claimedAt?: Date): Promise<boolean>;
  /** The latest claimed slot of a conversation. */
  lastDigest(conversationId: string): Promise<DigestClaim | null>;
  /** Replaces the scope's snapshot with these finding keys (deduplicated, sorted). */
  saveFindingSnapshot(scope: string, at: Date, keys: readonly string[]): Promise<void>;
  lastFindingSnapshot(scope: string): Promise<FindingSnapshot | null>;

  close(): Promise<void>;
}

export type ConversationPurpose = 'digest';

export interface StoredConversation {
  /** Bot Framework conversation id */
  id: string;
  tenantId: string | null;
  /** The Bot Framework ConversationReference as JSON; opaque here (botbuilder stays in src/bot/). */
  reference: unknown;
  subscribedToDigest: boolean;
  /** five-field cron expression, e.g. `0 8 * * 1-5`; null when not subscribed */
  digestCron: string | null;
  /** IANA time zone of the cron, e.g. `Europe/Berlin` */
  digestTimeZone: string | null;
  active: boolean;
  inactiveReason: string | null;
  inactiveAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationInput {
  id: string;
  tenantId: string | null;
  reference: unknown;
  /** the clock: createdAt on first save, updatedAt always */
  at: Date;
  subscribedToDigest?: boolean;
  digestCron?: string | null;
  digestTimeZone?: string | null;
}

export type ApprovalState =
  | 'requested'
  | 'approved'
  | 'executing'
  | 'succeeded'
  | 'failed'
  | 'nothing-to-do'
  | 'rejected'
  | 'expired'
  | 'cancelled';

export interface Person {
  aadObjectId: string;
  name: string;
  upn: string | null;
}

export interface ApprovalDecision {
  by: Person;
  at: Date;
  decision: 'approved' | 'rejected' | 'cancelled';
}

/** What running the remediation did: LDAP values before/after, or why it failed. */
export interface ApprovalResult {
  before?: unknown;
  after?: unknown;
  /** a machine-readable reason, e.g. a DirectoryError reason or `precondition-failed` */
  errorReason?: string;
  message?: string;
  /** the inverse change as the action of a new request (src/approvals), when the change was made */
  undo?: unknown;
}

export interface StoredApproval {
  id: string;
  action: { kind: string; params: unknown };
  account: { sid: string; name: string };
  requestedBy: Person;
  decisions: ApprovalDecision[];
  state: ApprovalState;
  version: number;
  createdAt: Date;
  expiresAt: Date;
  updatedAt: Date;
  result: ApprovalResult | null;
  /** where the approval card was posted, to replace it for everyone after a decision */
  conversationId: string | null;
  cardActivityId: string | null;
}

export type NewApproval = Omit<StoredApproval, 'decisions' | 'state' | 'version' | 'updatedAt' | 'result'>;

/** Fields a transition may change; `updatedAt` is the clock. Absent fields stay as they are. */
export interface ApprovalPatch {
  updatedAt: Date;
  state?: ApprovalState;
  /** replaces the list (read-modify-write is safe under the version check) */
  decisions?: ApprovalDecision[];
  result?: ApprovalResult | null;
  expiresAt?: Date;
  conversationId?: string | null;
  cardActivityId?: string | null;
}

export interface ApprovalFilter {
  states?: readonly ApprovalState[];
  /** createdAt strictly before this instant */
  olderThan?: Date;
  /** expiresAt strictly before this instant (the expiry sweep) */
  expiresBefore?: Date;
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

export interface DigestClaim {
  conversationId: string;
  /** the slot's instant as a UTC ISO string (`2025-03-03T07:00:00.000Z`) */
  slotIso: string;
  slotAt: Date;
  claimedAt: Date;
}

export interface FindingSnapshot {
  scope: string;
  at: Date;
  keys: string[];
}
