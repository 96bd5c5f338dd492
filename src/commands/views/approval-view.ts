import type { ApprovalActorInput } from '../../approvals/approval-service';
import type { ServiceRefusal } from '../../approvals/approval-service';
import type { ChangeDescription } from '../../approvals/remediations/remediation';
import { formatDate } from '../../domain/dates';
import type { ApprovalState, StoredApproval } from '../../store/approval-store';
import { clipText } from './clip-text';

export interface ApprovalFact {
  label: string;
  value: string;
}

/** The approval card's data (cards/approval.json). */
export interface ApprovalCardView {
  title: string;
  color: 'Default' | 'Good' | 'Attention' | 'Warning' | 'Accent';
  /** one line about this click (a refusal, "the change is running …"); '' for none */
  notice: string;
  facts: ApprovalFact[];
  /** who did what when, oldest first */
  history: string[];
  /** Approve / Reject: pending, and the viewer is an approver other than the requester */
  canDecide: boolean;
  /** Cancel: pending, and the viewer is the requester */
  canCancel: boolean;
  /** Request undo (with a justification): the change was made and has an inverse; any viewer with a role */
  canUndo: boolean;
  approvalId: string;
  /** Universal Actions refresh: these Teams users (approvers, at most 60) get their own view automatically */
  refreshUserIds: string[];
}

/** Teams refreshes a card automatically for at most 60 listed users. */
export const MAX_REFRESH_USERS = 60;

export const STATE_WORDS: Readonly<Record<ApprovalState, string>> = {
  requested: 'waiting for approval',
  approved: 'approved, about to run',
  executing: 'approved, the change is running',
  succeeded: 'done: the directory was changed and checked',
  failed: 'failed',
  'nothing-to-do': 'nothing to do: already in that state',
  rejected: 'rejected',
  expired: 'expired without a decision',
  cancelled: 'cancelled by the requester',
};

const STATE_COLORS: Readonly<Record<ApprovalState, ApprovalCardView['color']>> = {
  requested: 'Warning',
  approved: 'Accent',
  executing: 'Accent',
  succeeded: 'Good',
  failed: 'Attention',
  'nothing-to-do': 'Default',
  rejected: 'Attention',
  expired: 'Default',
  cancelled: 'Default',
};

const REFUSAL_WORDS: Readonly<Record<ServiceRefusal, string>> = {
  'no-role': 'You have no role in msa-warden.',
  'not-an-approver': 'Only approvers may approve or reject a request.',
  'own-request': 'You cannot approve or reject your own request: another approver must decide.',
  'already-approved-by-you': 'You approved this already; a second, different approver must approve too.',
  'not-the-requester': 'Only the requester may cancel a request.',
  expired: 'This request has expired and can no longer be approved.',
  'not-pending': 'This request was already decided.',
  'not-due': 'This request has not expired yet.',
  'illegal-transition': 'This request cannot move on from its state.',
  'fixes-not-enabled': 'Fixes are not enabled: the bot has no fixer account (LDAP_FIX_BIND_DN).',
  'justification-required': 'A justification is required.',
  'invalid-request': 'The request does not fit what the bot can change.',
  'not-found': 'There is no such request.',
  'nothing-to-undo': 'There is nothing to undo.',
  'undo-already-requested': 'An undo of this request was already requested: see pending approvals.',
  busy: 'The request kept changing while you clicked; try again.',
};

export function refusalWords(refusal: ServiceRefusal): string {
  return REFUSAL_WORDS[refusal];
}

const DECISION_WORDS = { approved: 'approved', rejected: 'rejected', cancelled: 'cancelled' } as const;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The justification and the result's message, from the stored request. */
function requestDetails(approval: StoredApproval): { justification: string } {
  const params = approval.action.params;
  const justification =
    typeof params === 'object' && params !== null && 'justification' in params
      ? text(params.justification)
      : '';
  return { justification };
}

/** The approval card for one viewer: the buttons they may use and the request as the store holds it. */
export function approvalView(
  approval: StoredApproval,
  change: ChangeDescription | null,
  viewer: ApprovalActorInput | undefined,
  notice = '',
  refreshUserIds: readonly string[] = [],
): ApprovalCardView {
  const { justification } = requestDetails(approval);
  const pending = approval.state === 'requested';
  const isRequester = viewer?.person.aadObjectId === approval.requestedBy.aadObjectId;
  const facts: ApprovalFact[] = [
    { label: 'State', value: STATE_WORDS[approval.state] },
    { label: 'Account', value: clipText(approval.account.name, 64) },
    { label: 'Change', value: clipText(change?.summary ?? approval.action.kind, 300) },
  ];
  if (change !== null) {
    facts.push(
      { label: 'Attribute', value: clipText(change.attribute, 300) },
      { label: 'Before', value: clipText(change.before, 300) },
      { label: 'After', value: clipText(change.after, 300) },
    );
  }
  facts.push(
    { label: 'Requested by', value: clipText(approval.requestedBy.upn ?? approval.requestedBy.name, 128) },
    { label: 'Justification', value: clipText(justification, 500) },
    { label: 'Created', value: formatDate(approval.createdAt) },
    { label: 'Expires', value: formatDate(approval.expiresAt) },
  );
  if (approval.result?.message !== undefined) {
    facts.push({ label: 'Result', value: clipText(approval.result.message, 400) });
  }
  const undoOf = text(
    typeof approval.action.params === 'object' &&
      approval.action.params !== null &&
      'undoOf' in approval.action.params
      ? approval.action.params.undoOf
      : null,
  );
  if (undoOf !== '') facts.push({ label: 'Undoes request', value: clipText(undoOf, 128) });
  facts.push({ label: 'Request id', value: approval.id });
  const history = [
    `${formatDate(approval.createdAt)}: requested by ${approval.requestedBy.name}`,
    ...approval.decisions.map(
      (d) => `${formatDate(d.at)}: ${DECISION_WORDS[d.decision]} by ${clipText(d.by.name, 128)}`,
    ),
  ];
  if (!pending && approval.decisions.length === 0 && approval.state === 'expired') {
    history.push(`${formatDate(approval.updatedAt)}: expired`);
  }
  if (['succeeded', 'failed', 'nothing-to-do'].includes(approval.state)) {
    history.push(`${formatDate(approval.updatedAt)}: ${STATE_WORDS[approval.state]}`);
  }
  return {
    title: `Fix request: ${clipText(change?.summary ?? `${approval.action.kind} on ${approval.account.name}`, 200)}`,
    color: STATE_COLORS[approval.state],
    notice,
    facts,
    history,
    canDecide: pending && viewer !== undefined && viewer.roles.includes('approver') && !isRequester,
    canCancel: pending && isRequester,
    canUndo:
      approval.state === 'succeeded' &&
      approval.result?.undo !== undefined &&
      approval.result.undo !== null &&
      viewer !== undefined &&
      viewer.roles.length > 0,
    approvalId: approval.id,
    refreshUserIds: [...new Set(refreshUserIds)].slice(0, MAX_REFRESH_USERS),
  };
}

/** One row of `pending approvals` / `my requests` (cards/approval-list.json). */
export interface ApprovalRowView {
  title: string;
  detail: string;
  approvalId: string;
}

export interface ApprovalListView {
  title: string;
  emptyMessage: string;
  rows: ApprovalRowView[];
  note: string;
}

export function approvalRow(approval: StoredApproval, now: Date): ApprovalRowView {
  const ageMinutes = Math.max(0, Math.floor((now.getTime() - approval.createdAt.getTime()) / 60_000));
  const age = ageMinutes < 120 ? `${ageMinutes} min` : `${Math.floor(ageMinutes / 60)} h`;
  return {
    title: `${clipText(approval.account.name, 64)} · ${approval.action.kind}`,
    detail: `${STATE_WORDS[approval.state]} · by ${clipText(approval.requestedBy.name, 64)} · ${age} ago · expires ${formatDate(approval.expiresAt)}`,
    approvalId: approval.id,
  };
}
