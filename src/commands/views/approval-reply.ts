import type { ServiceRefusal } from '../../approvals/approval-service';
import { type CardAnswer, card } from '../../cards/card-answer';
import { renderAnswer } from '../../cards/render-answer';
import type { StoredApproval } from '../../store/approval-store';
import type { AnswerDeps } from '../answer-deps';
import { approvalView, refusalWords } from './approval-view';

/** The approval card for the person asking, with the change read from the directory now. */
export async function approvalReply(
  approval: StoredApproval,
  deps: AnswerDeps,
  notice = '',
): Promise<CardAnswer> {
  const change = deps.approvals === undefined ? null : await deps.approvals.describe(approval);
  const view = approvalView(approval, change, deps.asker, notice);
  return card('approval', view, notice === '' ? view.title : `${view.title}: ${notice}`);
}

/**
 * Replaces the card the request was made on, for everyone in that conversation, with the request as
 * it stands now (no personal buttons: Refresh gives each viewer theirs). Not when that card is the one
 * just clicked: the invoke's answer replaces it. Failures go to the log, never to the click.
 */
export async function updatePostedCard(approval: StoredApproval, deps: AnswerDeps): Promise<void> {
  const { conversationId, cardActivityId } = approval;
  if (deps.updateCard === undefined || conversationId === null || cardActivityId === null) return;
  if (deps.clickedCard?.activityId === cardActivityId) return;
  try {
    const change = deps.approvals === undefined ? null : await deps.approvals.describe(approval);
    const view = approvalView(approval, change, undefined);
    await deps.updateCard(conversationId, cardActivityId, renderAnswer(card('approval', view, view.title)));
  } catch (error) {
    deps.onError?.(error);
  }
}

/** A refusal without a request to show (unknown id, fixes off, no justification). */
export function approvalNoticeReply(title: string, line: string): CardAnswer {
  return card('error', { title, lines: [line], showHelp: false }, `${title}: ${line}`);
}

/** A refused click: the request as it stands with the reason on top, or the reason alone. */
export function refusedReply(
  refusal: ServiceRefusal,
  approval: StoredApproval | null,
  deps: AnswerDeps,
): Promise<CardAnswer> | CardAnswer {
  const words = refusalWords(refusal);
  return approval === null
    ? approvalNoticeReply('The request was not accepted', words)
    : approvalReply(approval, deps, words);
}

/** The approval service and the person asking, or the card saying what is missing. */
export function approvalContext(
  deps: AnswerDeps,
):
  | { ok: true; approvals: NonNullable<AnswerDeps['approvals']>; asker: NonNullable<AnswerDeps['asker']> }
  | { ok: false; reply: CardAnswer } {
  if (deps.approvals === undefined) {
    return {
      ok: false,
      reply: approvalNoticeReply('Fixes are not enabled', refusalWords('fixes-not-enabled')),
    };
  }
  if (deps.asker === undefined) {
    // only the access guard knows who is asking; without it nobody may decide anything
    return { ok: false, reply: approvalNoticeReply('Who is asking is unknown', refusalWords('no-role')) };
  }
  return { ok: true, approvals: deps.approvals, asker: deps.asker };
}
