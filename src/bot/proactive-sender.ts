import { ActivityTypes, CardFactory, MessageFactory, type CloudAdapter } from 'botbuilder';
import type { Activity, ConversationReference } from 'botbuilder';
import type { CardReply } from '../cards/card-reply';
import {
  parseRetryAfter,
  SendError,
  sendErrorReason,
  type ProactiveSender,
  type ProactiveTarget,
} from '../digest/proactive-sender';

export interface BotProactiveSenderOptions {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** MicrosoftAppId; empty in anonymous mode */
  appId: string;
  now?: () => Date;
}

/**
 * The ProactiveSender over Bot Framework: `continueConversationAsync` with the stored
 * ConversationReference. Connector failures become SendError with the HTTP status and Retry-After.
 * botframework-connector's HTTP pipeline (@azure/core-rest-pipeline) already retries a request up to
 * 3 times (429/503 after Retry-After, other 5xx and network errors with exponential backoff); what
 * still fails comes here, and the digest runner's own bounded retries come on top.
 */
export function createProactiveSender(options: BotProactiveSenderOptions): ProactiveSender {
  const now = options.now ?? (() => new Date());
  const post = async (target: ProactiveTarget, reply: CardReply): Promise<string | null> => {
    const reference = asReference(target.reference);
    // Caught inside the turn: the adapter's onTurnError would otherwise swallow it and post its
    // "something went wrong" text to the very conversation that refused us.
    const failures: unknown[] = [];
    let firstId: string | null = null;
    try {
      await options.adapter.continueConversationAsync(options.appId, reference, async (context) => {
        try {
          const sent = await context.sendActivities(activities(reply));
          firstId = sent[0]?.id ?? null;
        } catch (error) {
          failures.push(error);
        }
      });
    } catch (error) {
      failures.push(error);
    }
    if (failures.length > 0) throw toSendError(failures[0], now());
    return firstId;
  };
  return {
    send: async (target: ProactiveTarget, reply: CardReply): Promise<void> => {
      await post(target, reply);
    },
    post,
    update: async (target: ProactiveTarget, activityId: string, reply: CardReply): Promise<void> => {
      const reference = asReference(target.reference);
      const [card] = reply.cards;
      if (card === undefined) return;
      const failures: unknown[] = [];
      try {
        await options.adapter.continueConversationAsync(options.appId, reference, async (context) => {
          try {
            await context.updateActivity({
              type: ActivityTypes.Message,
              id: activityId,
              summary: reply.summary,
              attachments: [CardFactory.adaptiveCard(card)],
            });
          } catch (error) {
            failures.push(error);
          }
        });
      } catch (error) {
        failures.push(error);
      }
      if (failures.length > 0) throw toSendError(failures[0], now());
    },
  };
}

function asReference(reference: unknown): Partial<ConversationReference> {
  if (typeof reference !== 'object' || reference === null)
    throw new SendError('gone', 'no conversation reference is stored for this conversation');
  return reference;
}

function activities(reply: CardReply): Partial<Activity>[] {
  if (reply.cards.length === 0) return [MessageFactory.text(reply.summary)];
  return reply.cards.map((card) => ({
    type: ActivityTypes.Message,
    summary: reply.summary,
    attachments: [CardFactory.adaptiveCard(card)],
  }));
}

interface HeadersLike {
  get?: (name: string) => string | null | undefined;
  [name: string]: unknown;
}

/**
 * botframework-connector throws a RestError (`statusCode`, `response.headers`) for an HTTP answer
 * and a plain error (ECONNREFUSED, a timeout) when nothing answered.
 */
export function toSendError(error: unknown, now: Date): SendError {
  if (error instanceof SendError) return error;
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown;
    response?: { status?: unknown; headers?: HeadersLike };
    message?: unknown;
  };
  const rawStatus = record.statusCode ?? record.response?.status;
  const status = typeof rawStatus === 'number' && rawStatus >= 100 ? rawStatus : null;
  const headers = record.response?.headers;
  const retryAfterRaw =
    typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'];
  const retryAfter = parseRetryAfter(typeof retryAfterRaw === 'string' ? retryAfterRaw : null, now);
  const message = typeof record.message === 'string' ? record.message : 'the connector refused the post';
  return new SendError(sendErrorReason(status), message.slice(0, 300), status, retryAfter);
}
