import type { CardReply } from '../../cards/card-reply';
import type { DigestCommandDeps } from './digest-command-deps';
import { textReply } from './digest-reply';

/** `unsubscribe digest`: no more digests here. The schedule is kept, so a configured default stays off. */
export async function answerUnsubscribeDigest(deps: DigestCommandDeps): Promise<CardReply> {
  const conversation = await deps.store.getConversation(deps.conversationId);
  if (conversation === null || !conversation.subscribedToDigest)
    return textReply('This conversation is not subscribed to the digest.');
  await deps.store.saveConversation({
    id: conversation.id,
    tenantId: conversation.tenantId,
    reference: conversation.reference,
    at: deps.now,
    subscribedToDigest: false,
    digestCron: conversation.digestCron,
    digestTimeZone: conversation.digestTimeZone,
  });
  await deps.store.appendAudit({
    at: deps.now,
    actor: deps.user,
    action: 'digest.unsubscribed',
    subject: conversation.id,
    details: {},
  });
  return textReply(
    'Unsubscribed: no more digests in this conversation. `subscribe digest` starts them again.',
  );
}
