import type { ServiceAccountKind } from '../domain/service-account';
import type { DigestCommand } from './parse/parse-digest-command';
import type { FixRequestData } from './views/finding-view';
import type { AuditPageRequest } from './views/audit-scope';

/** A click on an approval card's buttons. */
export type ApprovalDecisionVerb = 'approve' | 'reject' | 'cancel';

/**
 * What a user asked for, typed or clicked: route.ts turns text (through parse/) and card verbs into
 * one of these and answers it. Paged commands carry the offset of their page.
 */
export type Command =
  | { kind: 'find-host'; host: string; offset: number }
  | { kind: 'list'; accountKinds: ServiceAccountKind[]; offset: number }
  | { kind: 'show'; account: string }
  | { kind: 'help' }
  | { kind: 'whoami' }
  /** without `check`/`group` the summary; `run` names the kept audit run the clicks page through */
  | ({ kind: 'audit-privileged' } & Omit<AuditPageRequest, 'check'>)
  | ({ kind: 'audit-all' } & Omit<AuditPageRequest, 'group'>)
  | ({ kind: 'audit-host'; host: string } & Omit<AuditPageRequest, 'group'>)
  | { kind: 'audit-account'; account: string; offset: number }
  | { kind: 'migration-candidates'; host: string | null; offset: number }
  | { kind: 'test-account'; account: string; host: string }
  | { kind: 'fix-request'; request: FixRequestData }
  /** subscribe/unsubscribe digest, digest now, digest status: they act on the conversation typed in */
  | DigestCommand
  /** the request card's "Submit request": creates the approval request */
  | { kind: 'fix-submit'; request: FixRequestData; justification: string }
  | { kind: 'approval-decide'; decision: ApprovalDecisionVerb; approvalId: string }
  | { kind: 'show-request'; approvalId: string }
  | { kind: 'pending-approvals' }
  | { kind: 'my-requests' }
  /** a succeeded request's card: "Request undo" (the inverse change, a new request) */
  | { kind: 'approval-undo'; approvalId: string; justification: string }
  /** approvers, in a channel: new approval cards are also posted there */
  | { kind: 'register-approvals-channel' }
  | { kind: 'unregister-approvals-channel' }
  // the audit trail (approvers only: src/access/access-table.ts)
  | { kind: 'verify-audit-trail' }
  | { kind: 'audit-trail'; count: number }
  | { kind: 'unknown'; text: string }
  /** a card verb that is unknown or whose data does not fit (an old card, a forged invoke) */
  | { kind: 'outdated-button' };

/** What typed text can ask for (parse/parse-command.ts): commands from their first page. */
export type TypedCommand =
  | { kind: 'find-host'; host: string }
  | { kind: 'list'; accountKinds: ServiceAccountKind[]; offset: number }
  | { kind: 'show'; account: string }
  | { kind: 'help' }
  // answered by the access guard (src/access/), which knows who is asking
  | { kind: 'whoami' }
  | { kind: 'audit-privileged' }
  | { kind: 'audit-all' }
  | { kind: 'audit-host'; host: string }
  | { kind: 'migration-candidates'; host: string | null }
  | { kind: 'test-account'; account: string; host: string }
  | DigestCommand
  | { kind: 'show-request'; approvalId: string }
  | { kind: 'pending-approvals' }
  | { kind: 'my-requests' }
  | { kind: 'register-approvals-channel' }
  | { kind: 'unregister-approvals-channel' }
  | { kind: 'verify-audit-trail' }
  | { kind: 'audit-trail'; count: number }
  | { kind: 'unknown'; text: string };
