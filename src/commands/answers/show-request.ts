import type { CardAnswer } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { approvalContext, approvalReply, refusedReply } from '../views/approval-reply';

/** `show request <id>` and the "Open" / "Refresh" buttons (verb `approval.show`): the card with its history. */
export async function answerShowRequest(approvalId: string, deps: AnswerDeps): Promise<CardAnswer> {
  const context = approvalContext(deps);
  if (!context.ok) return context.reply;
  // the expiry sweep runs on a timer; a request touched after its time shows as expired at once
  await context.approvals.expireDue();
  const approval = await context.approvals.get(approvalId);
  return approval === null ? refusedReply('not-found', null, deps) : approvalReply(approval, deps);
}
