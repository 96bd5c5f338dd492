import type { CardReply } from '../../cards/card-reply';
import { nextRun } from '../../domain/digest-schedule';
import { formatInTimeZone } from '../../domain/format-in-time-zone';
import { describeSchedule } from '../../domain/parse-schedule';
import type { DigestCommandDeps } from './digest-command-deps';
import { textReply } from './digest-reply';

/** `digest status`: the subscription here, its schedule in words, the next and the last digest. */
export async function answerDigestStatus(deps: DigestCommandDeps): Promise<CardReply> {
  const conversation = await deps.store.getConversation(deps.conversationId);
  if (conversation === null || !conversation.subscribedToDigest || conversation.digestCron === null)
    return textReply(
      'This conversation is not subscribed to the digest. Try `subscribe digest weekdays at 08:00`.',
    );
  const timeZone = conversation.digestTimeZone ?? 'UTC';
  const parts = [`Subscribed to the digest, ${describeSchedule(conversation.digestCron, timeZone)}.`];
  if (!conversation.active) parts.push('Posting here is paused: the bot could not reach this conversation.');
  const next = nextRun(conversation.digestCron, timeZone, deps.now);
  if (next !== null) parts.push(`Next digest: ${formatInTimeZone(next, timeZone)}.`);
  const last = await deps.store.lastDigest(conversation.id);
  if (last !== null) parts.push(`Last slot: ${formatInTimeZone(last.slotAt, timeZone)}.`);
  return textReply(parts.join(' '));
}
