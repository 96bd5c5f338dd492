import type { Person } from './approval-store';

/** The Teams channel where every new approval card is also posted (`register approvals here`). */
export interface ApprovalsChannel {
  /** the channel's conversation id (a post there starts a new thread) */
  conversationId: string;
  tenantId: string | null;
  registeredBy: Person;
  registeredAt: Date;
}

/** One posted copy of an approval card: replaced (updateActivity) for everyone after each decision. */
export interface ApprovalCardCopy {
  approvalId: string;
  conversationId: string;
  activityId: string;
  postedAt: Date;
}

/**
 * Where approval cards are posted: the one approvals channel of this bot, and every copy of each
 * request's card. Every method may throw StoreError.
 */
export interface ApprovalPosts {
  /** Registers the approvals channel, replacing any other; returns the one it replaced (or null). */
  setApprovalsChannel(channel: ApprovalsChannel): Promise<ApprovalsChannel | null>;
  getApprovalsChannel(): Promise<ApprovalsChannel | null>;
  /** Returns the channel it removed, null when none was registered. */
  clearApprovalsChannel(): Promise<ApprovalsChannel | null>;
  /** Idempotent: the same copy recorded twice is kept once. */
  addApprovalCard(copy: ApprovalCardCopy): Promise<void>;
  /** Oldest first. */
  listApprovalCards(approvalId: string): Promise<ApprovalCardCopy[]>;
}
