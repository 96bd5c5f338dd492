import { type CardAnswer, card } from '../../cards/card-answer';
import type { StoredApproval } from '../../store/approval-store';
import type { AnswerDeps } from '../answer-deps';
import { approvalContext } from '../views/approval-reply';
import { type ApprovalListView, approvalRow } from '../views/approval-view';

const MAX_ROWS = 20;

export function approvalListView(
  title: string,
  emptyMessage: string,
  approvals: readonly StoredApproval[],
  now: Date,
): ApprovalListView {
  // newest first: the one just asked about is on top
  const newest = [...approvals].reverse();
  const rows = newest.slice(0, MAX_ROWS).map((a) => approvalRow(a, now));
  return {
    title,
    emptyMessage: rows.length === 0 ? emptyMessage : '',
    rows,
    note: newest.length > MAX_ROWS ? `and ${newest.length - MAX_ROWS} more` : '',
  };
}

/** `pending approvals`: requests waiting for a decision or running, newest first, each with "Open". */
export async function answerPendingApprovals(deps: AnswerDeps): Promise<CardAnswer> {
  const context = approvalContext(deps);
  if (!context.ok) return context.reply;
  await context.approvals.expireDue();
  const pending = await context.approvals.listPending();
  const view = approvalListView(
    `Pending approvals: ${pending.length}`,
    'No request is waiting for a decision.',
    pending,
    deps.now,
  );
  return card('approval-list', view, view.title);
}
