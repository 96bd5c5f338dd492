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
  /** The Bot Framework ConversationReference as JSON; opaque here (botbuilder stays in src/bot/). */
  reference: unknown;
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
  id: string;
  tenantId: string | null;
  reference: unknown;
  /** the clock: createdAt on first save, updatedAt always */
  at: Date;
  subscribedToDigest?: boolean;
  digestCron?: string | null;
  digestTimeZone?: string | null;
}
