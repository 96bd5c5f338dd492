/**
 * What a person may do with msa-warden. Readers ask questions and click through cards; approvers
 * additionally approve changes (the approvals issue). Every approver is a reader too.
 */
export type Role = 'reader' | 'approver';

/** Weakest first: a role includes every role before it. */
export const ROLES: readonly Role[] = ['reader', 'approver'];
