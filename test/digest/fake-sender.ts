import type { CardReply } from '../../src/cards/card-reply';
import {
  SendError,
  sendErrorReason,
  type ProactiveSender,
  type ProactiveTarget,
} from '../../src/digest/proactive-sender';

/** Records every post; `failNext` scripts connector answers (an HTTP status each) for the next sends. */
export class FakeSender implements ProactiveSender {
  readonly sent: { conversationId: string; reply: CardReply }[] = [];
  attempts = 0;
  private readonly script: { status: number; retryAfterMs?: number }[] = [];

  failNext(...answers: { status: number; retryAfterMs?: number }[]): void {
    this.script.push(...answers);
  }

  send(target: ProactiveTarget, reply: CardReply): Promise<void> {
    this.attempts++;
    const answer = this.script.shift();
    if (answer !== undefined) {
      return Promise.reject(
        new SendError(
          sendErrorReason(answer.status),
          `connector answered ${answer.status}`,
          answer.status,
          answer.retryAfterMs ?? null,
        ),
      );
    }
    this.sent.push({ conversationId: target.conversationId, reply });
    return Promise.resolve();
  }
}
