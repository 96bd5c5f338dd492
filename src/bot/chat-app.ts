import type { CardReply } from '../cards/card-reply';
import type { ConversationAddress } from '../domain/conversation-address';

/** The Teams user behind a message or a card click, as the transport knows them. */
export interface ChatUser {
  /** Teams user id (`29:…`) */
  id: string;
  /** Microsoft Entra object id */
  aadObjectId?: string;
  name?: string;
  tenantId?: string;
  /** from TeamsInfo.getMember, when the bot is set to look members up */
  userPrincipalName?: string;
}

/** The conversation a message came from (commands such as `subscribe digest` act on it). */
export interface ChatConversation {
  /** Bot Framework conversation id (a channel's id for a channel post, so a subscription covers it) */
  id: string;
  /** the conversation the activity itself belongs to (a channel thread's own id) */
  threadId?: string;
  /** for a card click: the activity of the card clicked, which the answer replaces */
  cardActivityId?: string;
  /** Teams' conversationType: `register approvals here` needs a channel */
  kind?: ConversationKind;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/**
 * What the bot asks of the application; the bot layer knows nothing else about commands or cards.
 * Implementations answer every failure with a card; a rejection is treated as a bug.
 */
export interface ChatApp {
  answerText(text: string, user: ChatUser, conversation?: ChatConversation): Promise<CardReply>;
  answerAction(
    verb: string,
    data: unknown,
    user: ChatUser,
    conversation?: ChatConversation,
  ): Promise<CardReply>;
}

/** A turn refused before the application saw it: the sender's tenant is not allowed. */
export interface TenantRefusal {
  user: ChatUser;
  conversation: ChatConversation | null;
  request: { kind: 'message'; text: string } | { kind: 'card'; verb: string; data: unknown };
  /** the refusal's text, as sent */
  summary: string;
}

/**
 * Where the bot remembers the conversations it is in, so later proactive posts (the digest) can
 * reach them. A failure here is logged and never blocks an answer.
 */
export interface ConversationLog {
  /** `reference`: only what a proactive post needs (no sender, names or activity), each field bounded */
  remember(
    conversation: { id: string; tenantId: string | null; reference: ConversationAddress },
    at: Date,
  ): Promise<void>;
  /** the bot was removed from the conversation: stop posting there */
  forget(conversationId: string, reason: string, at: Date): Promise<void>;
}
