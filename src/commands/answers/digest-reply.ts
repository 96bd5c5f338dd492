import type { CardReply } from '../../cards/card-reply';

/** The digest commands answer in one line of text (the bot sends a card-less reply as a message). */
export function textReply(text: string): CardReply {
  return { cards: [], summary: text };
}

export const NOT_KNOWN_HERE =
  "I can't post to this conversation yet: I keep no reference to it. Send me any message here first, then try again.";
