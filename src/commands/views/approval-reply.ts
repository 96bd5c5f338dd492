import type { ServiceRefusal } from '../../approvals/approval-service';
import { type CardAnswer, card } from '../../cards/card-answer';
import { renderAnswer } from '../../cards/render-answer';
import type { StoredApproval } from '../../store/approval-store';
import type { AnswerDeps } from '../answer-deps';
import type { CardReply } from '../../cards/card-reply';
import { formatDate } from '../../domain/dates';
import { STATE_WORDS, approvalRow, approvalView, refusalWords } from './approval-view';
import { clipText } from './clip-text';

/** The approval card for the person asking, with the change read from the directory now. */
export async function approvalReply(
  approval: StoredApproval,
  deps: AnswerDeps,
  notice = '',
): Promise<CardAnswer> {
  const change = deps.approvals === undefined ? null : await deps.approvals.describe(approval);
  const view = approvalView(approval, change, deps.asker, notice, deps.refreshUserIds ?? []);
  return card('approval', view, notice === '' ? view.title : `${view.title}: ${notice}`);
}

/** The card as everyone sees it: no personal buttons (the refresh gives each approver theirs). */
async function sharedCard(approval: StoredApproval, deps: AnswerDeps): Promise<CardReply> {
  const change = deps.approvals === undefined ? null : await deps.approvals.describe(approval);
  const view = approvalView(approval, change, undefined, '', deps.refreshUserIds ?? []);
  return renderAnswer(card('approval', view, view.title));
}

interface CardCopy {
  conversationId: string;
  activityId: string;
}

/** Every posted copy of a request's card: the one it was asked on and the approvals channel's. */
async function cardCopies(approval: StoredApproval, deps: AnswerDeps): Promise<CardCopy[]> {
  const copies: CardCopy[] = [];
  if (approval.conversationId !== null && approval.cardActivityId !== null) {
    copies.push({ conversationId: approval.conversationId, activityId: approval.cardActivityId });
  }
  if (deps.approvalPosts !== undefined)
    copies.push(...(await deps.approvalPosts.store.listApprovalCards(approval.id)));
  const seen = new Set<string>();
  return copies.filter((copy) => {
    const key = `${copy.conversationId}\n${copy.activityId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Replaces every posted copy of the request's card, for everyone in those conversations, with the
 * request as it stands now. Not the card just clicked in a personal chat: the invoke's answer
 * replaces it, and nobody else sees it. Failures go to the log, never to the click.
 */
export async function updatePostedCard(approval: StoredApproval, deps: AnswerDeps): Promise<void> {
  const update = deps.updateCard;
  if (update === undefined) return;
  try {
    const clickedAlone = deps.conversationKind === 'personal' || deps.conversationKind === undefined;
    const copies = (await cardCopies(approval, deps)).filter(
      (copy) => !(clickedAlone && copy.activityId === deps.clickedCard?.activityId),
    );
    if (copies.length === 0) return;
    const reply = await sharedCard(approval, deps);
    // each copy on its own: a conversation that refuses does not leave the others stale
    await Promise.all(
      copies.map((copy) =>
        update(copy.conversationId, copy.activityId, reply).catch((error: unknown) => deps.onError?.(error)),
      ),
    );
  } catch (error) {
    deps.onError?.(error);
  }
}

/**
 * Posts a new request's card in the approvals channel (when one is registered and it was not asked
 * there) and keeps that copy's activity id, so every decision replaces it too.
 */
export async function postToApprovalsChannel(approval: StoredApproval, deps: AnswerDeps): Promise<void> {
  const posts = deps.approvalPosts;
  if (posts === undefined) return;
  try {
    const channel = await posts.store.getApprovalsChannel();
    if (channel === null || channel.conversationId === deps.conversationId) return;
    const activityId = await posts.postCard(channel.conversationId, await sharedCard(approval, deps));
    if (activityId === null) return;
    await posts.store.addApprovalCard({
      approvalId: approval.id,
      conversationId: channel.conversationId,
      activityId,
      postedAt: deps.now,
    });
    // decided while the post was on its way: that copy shows the request as it is now
    const current = deps.approvals === undefined ? null : await deps.approvals.get(approval.id);
    if (current !== null && current.version !== approval.version && deps.updateCard !== undefined) {
      await deps.updateCard(channel.conversationId, activityId, await sharedCard(current, deps));
    }
  } catch (error) {
    deps.onError?.(error);
  }
}

/**
 * Tells the requester, in the conversation they asked in, that someone else decided their request
 * (a new message, so Teams notifies them; the card itself is replaced too).
 */
export async function tellRequester(approval: StoredApproval, deps: AnswerDeps): Promise<void> {
  const posts = deps.approvalPosts;
  const to = approval.conversationId;
  if (posts === undefined || to === null) return;
  if (deps.asker?.person.aadObjectId === approval.requestedBy.aadObjectId) return;
  try {
    const decision = approval.decisions.at(-1);
    const view = {
      title: `Your fix request: ${STATE_WORDS[approval.state]}`,
      emptyMessage: '',
      rows: [approvalRow(approval, deps.now)],
      note:
        decision === undefined
          ? ''
          : `${DECISION_NAMES[decision.decision]} by ${clipText(decision.by.name, 128)} on ${formatDate(decision.at)}.`,
    };
    await posts.postCard(to, renderAnswer(card('approval-list', view, view.title)));
  } catch (error) {
    deps.onError?.(error);
  }
}

const DECISION_NAMES = { approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled' } as const;

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
