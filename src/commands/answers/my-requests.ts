import { type CardAnswer, card } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { approvalContext } from '../views/approval-reply';
import { approvalListView } from './pending-approvals';

/** `my requests`: the asker's own requests in every state, newest first. */
export async function answerMyRequests(deps: AnswerDeps): Promise<CardAnswer> {
  const context = approvalContext(deps);
  if (!context.ok) return context.reply;
  const mine = await context.approvals.listRequestedBy(context.asker.person.aadObjectId);
  const view = approvalListView(
    `Your requests: ${mine.length}`,
    'You have not requested any fix.',
    mine,
    deps.now,
  );
  return card('approval-list', view, view.title);
}
