import type { CardAnswer } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { approvalNoticeReply } from '../views/approval-reply';

const NEEDS_CHANNEL =
  'Approvals are registered in a Teams channel: @mention me with "register approvals here" in the channel where your approvers work.';

/**
 * `register approvals here` (approvers, in a channel): from now on every new fix request's card is
 * also posted in this channel, and replaced there after each decision. One channel per bot: a new
 * registration replaces the old one. Recorded in the audit trail.
 */
export async function answerRegisterApprovalsChannel(deps: AnswerDeps): Promise<CardAnswer> {
  const checked = approverIn(deps);
  if (!checked.ok) return checked.reply;
  const { posts, asker } = checked;
  if (deps.conversationKind !== 'channel' || deps.conversationId === undefined) {
    const where = deps.conversationKind === 'groupChat' ? 'a group chat' : 'a personal chat';
    return approvalNoticeReply('This must be a channel', `${NEEDS_CHANNEL} (This is ${where}.)`);
  }
  const channel = {
    conversationId: deps.conversationId,
    tenantId: null,
    registeredBy: asker.person,
    registeredAt: deps.now,
  };
  const replaced = await posts.store.setApprovalsChannel(channel);
  await posts.appendAudit({
    at: deps.now,
    actor: { id: asker.person.aadObjectId, name: asker.person.name },
    action: 'approvals-channel.registered',
    subject: channel.conversationId,
    details: { replaced: replaced?.conversationId ?? null, roles: [...asker.roles] },
  });
  const again = replaced?.conversationId === channel.conversationId;
  return approvalNoticeReply(
    'Approvals channel registered',
    (again ? 'This channel was already the approvals channel; ' : 'This is now the approvals channel: ') +
      'every new fix request is also posted here, and its card shows each decision.' +
      (replaced !== null && !again ? ' It replaces the channel registered before.' : ''),
  );
}

/** `unregister approvals channel` (approvers, anywhere): new requests stay in the conversation asked in. */
export async function answerUnregisterApprovalsChannel(deps: AnswerDeps): Promise<CardAnswer> {
  const checked = approverIn(deps);
  if (!checked.ok) return checked.reply;
  const { posts, asker } = checked;
  const removed = await posts.store.clearApprovalsChannel();
  if (removed === null) {
    return approvalNoticeReply(
      'No approvals channel',
      'No approvals channel was registered; nothing changed.',
    );
  }
  await posts.appendAudit({
    at: deps.now,
    actor: { id: asker.person.aadObjectId, name: asker.person.name },
    action: 'approvals-channel.unregistered',
    subject: removed.conversationId,
    details: { roles: [...asker.roles] },
  });
  return approvalNoticeReply(
    'Approvals channel unregistered',
    'New fix requests are no longer posted in the approvals channel; cards already there still update.',
  );
}

/** The guard let only approvers through; checked again here, as every approval answer does. */
function approverIn(deps: AnswerDeps):
  | {
      ok: true;
      posts: NonNullable<AnswerDeps['approvalPosts']>;
      asker: NonNullable<AnswerDeps['asker']>;
    }
  | { ok: false; reply: CardAnswer } {
  if (deps.approvalPosts === undefined) {
    return {
      ok: false,
      reply: approvalNoticeReply('No approvals channel here', 'This bot keeps no approvals channel.'),
    };
  }
  if (deps.asker === undefined || !deps.asker.roles.includes('approver')) {
    return {
      ok: false,
      reply: approvalNoticeReply('Approvers only', 'Only approvers may choose the approvals channel.'),
    };
  }
  return { ok: true, posts: deps.approvalPosts, asker: deps.asker };
}
