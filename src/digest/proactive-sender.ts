import type { CardReply } from '../cards/card-reply';

/** Where a proactive post goes: the stored conversation and its Bot Framework reference (opaque here). */
export interface ProactiveTarget {
  conversationId: string;
  reference: unknown;
}

/**
 * Posts cards to a conversation the bot is not currently answering in (the digest). Implemented
 * in src/bot/ with `continueConversationAsync`; throws SendError when the connector refuses.
 */
export interface ProactiveSender {
  send(target: ProactiveTarget, reply: CardReply): Promise<void>;
  /** like send, and tells the id of the first activity posted (to update it later); null when none was given */
  post?(target: ProactiveTarget, reply: CardReply): Promise<string | null>;
  /** replaces a card the bot posted earlier (`updateActivity`) with the reply's first card */
  update?(target: ProactiveTarget, activityId: string, reply: CardReply): Promise<void>;
}

/**
 * `gone`: the conversation no longer accepts the bot (403/404), stop posting there;
 * `transient`: worth another try (429, 5xx, no answer); `failed`: anything else (a bad request).
 */
export type SendErrorReason = 'gone' | 'transient' | 'failed';

export class SendError extends Error {
  override readonly name = 'SendError';
  constructor(
    readonly reason: SendErrorReason,
    message: string,
    /** the connector's HTTP status; null when there was no answer */
    readonly status: number | null = null,
    /** from a Retry-After header, in milliseconds */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** The reason for a connector answer with this HTTP status (null: no answer at all). */
export function sendErrorReason(status: number | null): SendErrorReason {
  if (status === null) return 'transient';
  if (status === 403 || status === 404) return 'gone';
  if (status === 429 || status === 408 || status >= 500) return 'transient';
  return 'failed';
}

/**
 * A Retry-After header (seconds or an HTTP date) in milliseconds; null when absent or unreadable.
 * `now` turns a date into a delay.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  let digits = true;
  for (const ch of text) if (ch < '0' || ch > '9') digits = false;
  if (digits) return text.length > 9 ? null : Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
