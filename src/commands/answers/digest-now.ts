import type { CardReply } from '../../cards/card-reply';
import type { DigestCommandDeps } from './digest-command-deps';
import { NOT_KNOWN_HERE, textReply } from './digest-reply';

/** `digest now`: one digest here at once. The audit runs in the background, so this answer never waits for it. */
export async function answerDigestNow(deps: DigestCommandDeps): Promise<CardReply> {
  const conversation = await deps.store.getConversation(deps.conversationId);
  if (conversation === null) return textReply(NOT_KNOWN_HERE);
  deps.scheduler.postNowInBackground(conversation.id);
  return textReply('A digest is on its way: it follows as soon as the audit is done.');
}
