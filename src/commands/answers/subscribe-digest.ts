import type { CardReply } from '../../cards/card-reply';
import { nextRun } from '../../domain/digest-schedule';
import { formatInTimeZone } from '../../domain/format-in-time-zone';
import { parseSchedule } from '../../domain/parse-schedule';
import type { DigestCommandDeps } from './digest-command-deps';
import { NOT_KNOWN_HERE, textReply } from './digest-reply';

/** `subscribe digest [daily|weekdays|weekly on <day>] [at HH:MM] [<time zone>]` in this conversation. */
export async function answerSubscribeDigest(schedule: string, deps: DigestCommandDeps): Promise<CardReply> {
  const parsed = parseSchedule(schedule, deps.defaultTimeZone);
  if (!parsed.ok) return textReply(parsed.error);
  const conversation = await deps.store.getConversation(deps.conversationId);
  if (conversation === null) return textReply(NOT_KNOWN_HERE);
  const { cron, timeZone, words } = parsed.schedule;
  await deps.store.saveConversation({
    id: conversation.id,
    tenantId: conversation.tenantId,
    reference: conversation.reference,
    at: deps.now,
    subscribedToDigest: true,
    digestCron: cron,
    digestTimeZone: timeZone,
  });
  await deps.scheduler.startSchedule(conversation.id, cron, timeZone, deps.now);
  await deps.store.appendAudit({
    at: deps.now,
    actor: deps.user,
    action: 'digest.subscribed',
    subject: conversation.id,
    details: { cron, timeZone },
  });
  const next = nextRun(cron, timeZone, deps.now);
  const nextText = next === null ? '' : ` The next one: ${formatInTimeZone(next, timeZone)}.`;
  return textReply(`Subscribed this conversation to the digest, ${words}.${nextText}`);
}
