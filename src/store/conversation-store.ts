import type { ConversationAddress } from '../domain/conversation-address';

/**
 * Where the bot remembers the conversations it is in, for proactive posts (the digest). Every method
 * may throw StoreError.
 */
export interface ConversationStore {
  /**
   * Upserts by id and marks the conversation active again. Digest fields left undefined keep their
   * stored values (a new conversation starts unsubscribed), so refreshing a reference never
   * unsubscribes a channel.
   */
  saveConversation(conversation: ConversationInput): Promise<StoredConversation>;
  getConversation(id: string): Promise<StoredConversation | null>;
  /** Active conversations by id; `'digest'`: only those subscribed to the digest. */
  listActiveConversations(purpose?: ConversationPurpose): Promise<StoredConversation[]>;
  /** For a channel that removed the bot (403/404 on send): it is not retried until saved again. */
  markConversationInactive(id: string, reason: string, at: Date): Promise<void>;
}

export type ConversationPurpose = 'digest';

export interface StoredConversation {
  /** Bot Framework conversation id */
  id: string;
  tenantId: string | null;
  /** what a proactive post needs (ConversationReference-shaped); null when the stored one was unusable */
  reference: ConversationAddress | null;
  subscribedToDigest: boolean;
  /** five-field cron expression, e.g. `0 8 * * 1-5`; null when not subscribed */
  digestCron: string | null;
  /** IANA time zone of the cron, e.g. `Europe/Berlin` */
  digestTimeZone: string | null;
  active: boolean;
  inactiveReason: string | null;
  inactiveAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationInput {
  /** at most ADDRESS_FIELD_LIMITS.conversationId characters */
  id: string;
  tenantId: string | null;
  /**
   * a Bot Framework ConversationReference (opaque here: botbuilder stays in src/bot/); only its
   * address fields are kept, and one with a field over its limit is refused with reason `invalid`
   */
  reference: unknown;
  /** the clock: createdAt on first save, updatedAt always */
  at: Date;
  subscribedToDigest?: boolean;
  digestCron?: string | null;
  digestTimeZone?: string | null;
}
