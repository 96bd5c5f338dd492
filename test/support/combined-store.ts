import type { ApprovalStore } from '../../src/store/approval-store';
import type { AuditTrail } from '../../src/store/audit-trail';
import type { Stores } from '../../src/store/open-store';

/** The approval and audit-trail ports of one opened store as one object, as the approval tests use them. */
export type ApprovalTestStore = ApprovalStore & AuditTrail & { close(): Promise<void> };

export function combinedStore(stores: Stores): ApprovalTestStore {
  const { approvals, auditTrail } = stores;
  return {
    createApproval: (approval) => approvals.createApproval(approval),
    getApproval: (id) => approvals.getApproval(id),
    transitionApproval: (id, version, patch) => approvals.transitionApproval(id, version, patch),
    listApprovals: (filter) => approvals.listApprovals(filter),
    appendAudit: (entry) => auditTrail.appendAudit(entry),
    listAudit: (query) => auditTrail.listAudit(query),
    close: () => stores.close(),
  };
}
