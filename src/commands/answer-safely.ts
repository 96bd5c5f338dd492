import type { CardReply } from '../cards/card-reply';
import { MAX_CARD_BYTES, cardBytes } from '../cards/card-bytes';
import type { AnswerDeps } from './answer-deps';
import { renderAnswer } from '../cards/render-answer';
import { errorReply, tooLargeReply } from './views/error-card';

/**
 * Runs an answer so that its caller never sees an exception: failures become error cards (the
 * error itself goes to `deps.onError` for the log), and a card over the Teams size budget is replaced
 * by a card saying so rather than being refused by Teams.
 */
export async function answerSafely(answer: () => Promise<CardReply>, deps: AnswerDeps): Promise<CardReply> {
  let reply: CardReply;
  try {
    reply = await answer();
  } catch (error) {
    try {
      deps.onError?.(error);
    } catch {
      // a broken logger must not turn an error card into an exception
    }
    return renderAnswer(errorReply(error, deps.ref));
  }
  return reply.cards.some((card) => cardBytes(card) > MAX_CARD_BYTES) ? renderAnswer(tooLargeReply()) : reply;
}
