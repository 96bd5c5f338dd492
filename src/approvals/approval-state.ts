/**
 * The approval state machine, pure: who may do what to a request in which state, decided from the
 * request, the actor's roles and the clock. The service calls it at every click, whatever the card
 * showed, and writes the result with a versioned store update.
 *
 *   requested → approved → executing → succeeded | failed | nothing-to-do
 *   requested → rejected | expired | cancelled
 */

import { APPROVAL_STATES } from '../store/approval-store';
import type { ApprovalState } from '../store/approval-store';

export type { ApprovalState };

/** Every state, in the order of the flow (the store's list: one list of states). */
export const approvalStates: readonly ApprovalState[] = APPROVAL_STATES;

/** Every legal move; anything else is refused. */
export const transitions: Readonly<Record<ApprovalState, readonly ApprovalState[]>> = {
  requested: ['approved', 'rejected', 'expired', 'cancelled'],
  approved: ['executing'],
  executing: ['succeeded', 'failed', 'nothing-to-do'],
  succeeded: [],
  failed: [],
  'nothing-to-do': [],
  rejected: [],
  expired: [],
  cancelled: [],
};

export function isFinal(state: ApprovalState): boolean {
  return transitions[state].length === 0;
}

export type ApprovalRole = 'reader' | 'approver';

/** The person clicking, with the roles the access layer gave them for this click. */
export interface ApprovalActor {
  /** AAD object id */
  id: string;
  roles: readonly ApprovalRole[];
}

/** What the machine needs to know about a request. */
export interface ApprovalSnapshot {
  state: ApprovalState;
  requestedBy: string;
  /** ids of the approvers who approved so far, in order */
  approvedBy: readonly string[];
  expiresAt: Date;
}

export interface ApprovalPolicy {
  /** 1, or 2 for the two-approver rule (two different approvers) */
  approvalsRequired: 1 | 2;
}

export type UserCommand = 'approve' | 'reject' | 'cancel';
export type Outcome = 'succeeded' | 'failed' | 'nothing-to-do';

export type Refusal =
  /** neither reader nor approver */
  | 'no-role'
  /** approve/reject by someone who is not an approver */
  | 'not-an-approver'
  /** the requester approving or rejecting their own request */
  | 'own-request'
  /** the same approver approving twice under the two-approver rule */
  | 'already-approved-by-you'
  /** cancel by someone other than the requester */
  | 'not-the-requester'
  /** the request's time is up: it can only expire */
  | 'expired'
  /** the request was already decided (or is being carried out) */
  | 'not-pending'
  /** expire before the expiry time */
  | 'not-due'
  /** a system move the table does not allow (start twice, finish before start …) */
  | 'illegal-transition';

export type Decision =
  { ok: true; state: ApprovalState; approvedBy: readonly string[] } | { ok: false; refusal: Refusal };

const refuse = (refusal: Refusal): Decision => ({ ok: false, refusal });
const isPending = (s: ApprovalSnapshot): boolean => s.state === 'requested';
const isExpired = (s: ApprovalSnapshot, now: Date): boolean => now.getTime() >= s.expiresAt.getTime();

/** Readers and approvers may ask for a fix; people without a role may not. */
export function mayRequest(actor: ApprovalActor): boolean {
  return actor.roles.includes('reader') || actor.roles.includes('approver');
}

/**
 * A person's click. Who they are is checked before the request's state, so an outsider learns
 * nothing about it; an approver touching an expired request is told it expired.
 */
export function decideUserCommand(
  request: ApprovalSnapshot,
  command: UserCommand,
  actor: ApprovalActor,
  now: Date,
  policy: ApprovalPolicy,
): Decision {
  if (!mayRequest(actor)) return refuse('no-role');
  switch (command) {
    case 'approve':
    case 'reject': {
      if (!actor.roles.includes('approver')) return refuse('not-an-approver');
      if (actor.id === request.requestedBy) return refuse('own-request');
      if (!isPending(request)) return refuse('not-pending');
      if (isExpired(request, now)) return refuse('expired');
      if (command === 'reject') return { ok: true, state: 'rejected', approvedBy: request.approvedBy };
      if (request.approvedBy.includes(actor.id)) return refuse('already-approved-by-you');
      const approvedBy = [...request.approvedBy, actor.id];
      const state = approvedBy.length >= policy.approvalsRequired ? 'approved' : 'requested';
      return { ok: true, state, approvedBy };
    }
    case 'cancel': {
      if (actor.id !== request.requestedBy) return refuse('not-the-requester');
      if (!isPending(request)) return refuse('not-pending');
      if (isExpired(request, now)) return refuse('expired');
      return { ok: true, state: 'cancelled', approvedBy: request.approvedBy };
    }
  }
}

/** The expiry sweep (or a touched card): only a pending request whose time is up expires. */
export function decideExpire(request: ApprovalSnapshot, now: Date): Decision {
  if (!isPending(request)) return refuse('not-pending');
  if (!isExpired(request, now)) return refuse('not-due');
  return { ok: true, state: 'expired', approvedBy: request.approvedBy };
}

/** The bot starting the change (approved → executing) or recording its outcome. */
export function decideSystemMove(request: ApprovalSnapshot, next: 'executing' | Outcome): Decision {
  if (!transitions[request.state].includes(next)) return refuse('illegal-transition');
  return { ok: true, state: next, approvedBy: request.approvedBy };
}
