import type { ApprovalPosts } from './approval-posts';
import type { ApprovalStore } from './approval-store';
import type { AuditTrail } from './audit-trail';
import type { ConversationStore } from './conversation-store';
import type { DigestStore } from './digest-store';

/** The ports of one store, for a consumer that uses several (the digest reads all of them). */
export type StorePorts = ConversationStore & ApprovalStore & ApprovalPosts & AuditTrail & DigestStore;

export interface OpenedPorts {
  conversations: ConversationStore;
  approvals: ApprovalStore;
  approvalPosts: ApprovalPosts;
  auditTrail: AuditTrail;
  digests: DigestStore;
}

/** One object over an opened store's ports (each method delegates to the port that owns it). */
export function storePorts(ports: OpenedPorts): StorePorts {
  const { conversations, approvals, approvalPosts, auditTrail, digests } = ports;
  return {
    saveConversation: (conversation) => conversations.saveConversation(conversation),
    getConversation: (id) => conversations.getConversation(id),
    listActiveConversations: (purpose) => conversations.listActiveConversations(purpose),
    markConversationInactive: (id, reason, at) => conversations.markConversationInactive(id, reason, at),
    createApproval: (approval) => approvals.createApproval(approval),
    getApproval: (id) => approvals.getApproval(id),
    transitionApproval: (id, version, patch) => approvals.transitionApproval(id, version, patch),
    listApprovals: (filter) => approvals.listApprovals(filter),
    setApprovalsChannel: (channel) => approvalPosts.setApprovalsChannel(channel),
    getApprovalsChannel: () => approvalPosts.getApprovalsChannel(),
    clearApprovalsChannel: () => approvalPosts.clearApprovalsChannel(),
    addApprovalCard: (copy) => approvalPosts.addApprovalCard(copy),
    listApprovalCards: (approvalId) => approvalPosts.listApprovalCards(approvalId),
    appendAudit: (entry) => auditTrail.appendAudit(entry),
    listAudit: (query) => auditTrail.listAudit(query),
    claimDigestSlot: (conversationId, slotIso, claimedAt) =>
      digests.claimDigestSlot(conversationId, slotIso, claimedAt),
    lastDigest: (conversationId) => digests.lastDigest(conversationId),
    saveFindingSnapshot: (scope, at, keys) => digests.saveFindingSnapshot(scope, at, keys),
    lastFindingSnapshot: (scope) => digests.lastFindingSnapshot(scope),
  };
}
