import type { CardReply } from '../cards/card-reply';
import { renderCard } from '../cards/render';
import type { RateLimiter } from './rate-limiter';

/** The asker as the transport passes it (the bot's ChatUser has this shape). */
export interface LimitedUser {
  id: string;
  aadObjectId?: string;
  tenantId?: string;
}

/** The app the limit sits in front of (the access guard's app; the bot's ChatApp has this shape). */
export interface LimitedApp<U extends LimitedUser, C> {
  answerText(text: string, user: U, conversation?: C): Promise<CardReply>;
  answerAction(verb: string, data: unknown, user: U, conversation?: C): Promise<CardReply>;
}

/** A turn refused for its rate; `first`: the first refusal since the asker was last let through. */
export interface RateLimitedTurn<U = LimitedUser, C = unknown> {
  askerKey: string;
  user: U;
  conversation: C | undefined;
  request: { kind: 'message'; text: string } | { kind: 'card'; verb: string; data: unknown };
  retryAfterMs: number;
  first: boolean;
  /** the reply's one-line summary */
  summary: string;
}

export interface RateLimitOptions<U, C> {
  limiter: RateLimiter;
  /** told about every refused turn (e.g. to log and record the first of each stretch); awaited, never fails a turn */
  onLimited?: (turn: RateLimitedTurn<U, C>) => void | Promise<void>;
}

/** Teams ids are short; a forged id of a megabyte must not become a megabyte of map key. */
const MAX_KEY_CHARS = 200;

/** One bucket per person: the Entra object id, the Teams id where there is none. */
export function askerKey(user: LimitedUser): string {
  const who =
    user.aadObjectId !== undefined && user.aadObjectId !== ''
      ? `aad:${user.aadObjectId}`
      : `teams:${user.id}`;
  return `${user.tenantId ?? ''}|${who}`.slice(0, MAX_KEY_CHARS);
}

/** "Try again in N seconds" in whole seconds, at least one. */
export function rateLimitedReply(retryAfterMs: number): CardReply {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const title = 'You are sending requests faster than I answer them';
  const lines = [
    `Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    'Nothing was run for this request.',
  ];
  return { cards: [renderCard('access', { title, color: 'Warning', lines, facts: [] })], summary: title };
}

/**
 * A per-person rate limit in front of the whole app (before access checks, so a refused turn asks
 * the directory nothing). Card clicks count like messages: each one runs directory reads, and the
 * cards have no automatic Refresh action that Teams would fire on its own.
 */
export function limitChatApp<U extends LimitedUser, C>(
  app: LimitedApp<U, C>,
  options: RateLimitOptions<U, C>,
): LimitedApp<U, C> {
  const { limiter } = options;
  const refused = async (
    user: U,
    conversation: C | undefined,
    request: RateLimitedTurn['request'],
  ): Promise<CardReply | null> => {
    const key = askerKey(user);
    const decision = limiter.take(key);
    if (decision.allowed) return null;
    const reply = rateLimitedReply(decision.retryAfterMs);
    try {
      await options.onLimited?.({
        askerKey: key,
        user,
        conversation,
        request,
        retryAfterMs: decision.retryAfterMs,
        first: decision.first,
        summary: reply.summary,
      });
    } catch {
      // a broken logger or trail must not break a turn
    }
    return reply;
  };
  return {
    answerText: async (text, user, conversation) =>
      (await refused(user, conversation, { kind: 'message', text })) ??
      app.answerText(text, user, conversation),
    answerAction: async (verb, data, user, conversation) =>
      (await refused(user, conversation, { kind: 'card', verb, data })) ??
      app.answerAction(verb, data, user, conversation),
  };
}
