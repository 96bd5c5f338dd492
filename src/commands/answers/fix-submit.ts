import { actionFromProposal } from '../../approvals/approval-action';
import type { CardAnswer } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import {
  approvalContext,
  approvalNoticeReply,
  approvalReply,
  postToApprovalsChannel,
  refusedReply,
} from '../views/approval-reply';
import type { FixRequestData } from '../views/finding-view';
import { noAccountReply } from '../views/resolve-account';

/**
 * "Submit request" on the request card (verb `fix.submit`): the account is looked up again in the
 * directory (the card's name is only a name), and the approval service records the request; the
 * answer is the approval card.
 */
export async function answerFixSubmit(
  request: FixRequestData,
  justification: string,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const context = approvalContext(deps);
  if (!context.ok) return context.reply;
  const { approvals, asker } = context;
  if (!approvals.fixesEnabled) return refusedReply('fixes-not-enabled', null, deps);
  if (request.remediation === undefined) {
    return approvalNoticeReply(
      'No change to request',
      'This finding carries no change the bot can make; fix it by hand.',
    );
  }
  const account = await deps.directory.findServiceAccount(request.account);
  if (account === null) return noAccountReply(request.account);
  const result = await approvals.request({
    actor: asker,
    account: { distinguishedName: account.distinguishedName, sid: account.sid, name: account.samAccountName },
    action: actionFromProposal(request.remediation),
    justification,
    // the card clicked becomes the approval card (the invoke answer replaces it): later decisions update it
    conversationId: deps.clickedCard?.conversationId ?? deps.conversationId ?? null,
    cardActivityId: deps.clickedCard?.activityId ?? null,
  });
  if (!result.ok) return refusedReply(result.refusal, result.approval, deps);
  // approvers see it where they work too; the click is answered without waiting for that post
  void postToApprovalsChannel(result.approval, deps);
  return approvalReply(result.approval, deps, '');
}
