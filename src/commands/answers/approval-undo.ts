import type { CardAnswer } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import {
  approvalContext,
  approvalReply,
  postToApprovalsChannel,
  refusedReply,
} from '../views/approval-reply';

/**
 * "Request undo" on a succeeded request's card (verb `approval.undo`): the inverse change becomes a
 * new request with its own justification, approved like any other. The card clicked becomes the
 * undo request's card; the approvals channel gets a copy.
 */
export async function answerApprovalUndo(
  approvalId: string,
  justification: string,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const context = approvalContext(deps);
  if (!context.ok) return context.reply;
  const { approvals, asker } = context;
  const result = await approvals.requestUndo(approvalId, asker, justification, {
    conversationId: deps.clickedCard?.conversationId ?? deps.conversationId ?? null,
    cardActivityId: deps.clickedCard?.activityId ?? null,
  });
  if (!result.ok) return refusedReply(result.refusal, result.approval, deps);
  void postToApprovalsChannel(result.approval, deps);
  return approvalReply(result.approval, deps, 'Undo requested: an approver must approve it.');
}
