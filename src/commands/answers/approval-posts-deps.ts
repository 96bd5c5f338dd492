import type { AuditEntryInput } from '../../audit-trail/audit-entry';
import type { CardReply } from '../../cards/card-reply';
import type { ApprovalPosts } from '../../store/approval-posts';

/** What the approval answers need to post cards beyond the conversation asked in. */
export interface ApprovalPostsDeps {
  /** the approvals channel and every copy of each approval card */
  store: ApprovalPosts;
  /** registering the approvals channel is recorded in the audit trail */
  appendAudit: (entry: AuditEntryInput) => Promise<unknown>;
  /**
   * Posts a card in a conversation the bot keeps a reference to (proactively); the new activity's
   * id, null when nothing was posted (no reference kept). Throws when the connector refuses.
   */
  postCard: (conversationId: string, reply: CardReply) => Promise<string | null>;
}
