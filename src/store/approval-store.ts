/**
 * Approvals of remediations. Races between replicas (or a replayed click) are decided by the
 * database: create-only inserts and versioned updates. Every method may throw StoreError.
 */
export interface ApprovalStore {
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
}

export const APPROVAL_STATES = [
  'requested',
  'approved',
  'executing',
  'succeeded',
  'failed',
  'nothing-to-do',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const APPROVAL_DECISIONS = ['approved', 'rejected', 'cancelled'] as const;

export interface Person {
  aadObjectId: string;
  name: string;
  upn: string | null;
}

export interface ApprovalDecision {
  by: Person;
  at: Date;
  decision: (typeof APPROVAL_DECISIONS)[number];
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
  /**
   * the change in words as it stood just before the write (summary, attribute, before, after): a finished
   * request's card shows this, not the directory's value now (which already is "after")
   */
  described?: { summary: string; attribute: string; before: string; after: string };
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
