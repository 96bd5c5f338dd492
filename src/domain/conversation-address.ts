/**
 * What a proactive post (the digest, a replaced approval card) needs to reach a conversation, in the
 * shape of the Bot Framework ConversationReference, and nothing about who talked there: no user
 * names, emails, ids or activity content.
 */
export interface ConversationAddress {
  serviceUrl?: string;
  channelId?: string;
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
  bot?: { id?: string };
}

/** The longest value each field may have; real Teams values are far shorter. */
export const ADDRESS_FIELD_LIMITS = {
  serviceUrl: 512,
  channelId: 64,
  conversationId: 512,
  conversationType: 32,
  tenantId: 64,
  botId: 256,
} as const;

/** A bounded address is at most this long as JSON (all fields at their limits, plus the keys). */
export const MAX_ADDRESS_JSON_CHARS = 2048;

type Field = keyof typeof ADDRESS_FIELD_LIMITS;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * The address fields of a conversation reference (any other field is dropped; a field that is not a
 * string is left out), or null when a field is longer than its limit or the whole longer than
 * MAX_ADDRESS_JSON_CHARS as JSON: such a reference is forged, and cutting an id would only address the
 * wrong conversation.
 */
export function conversationAddress(reference: unknown): ConversationAddress | null {
  const source = record(reference) ?? {};
  const conversation = record(source.conversation) ?? {};
  const bot = record(source.bot) ?? {};
  let absurd = false;
  const pick = (value: unknown, field: Field): string | undefined => {
    if (typeof value !== 'string') return undefined;
    if (value.length > ADDRESS_FIELD_LIMITS[field]) absurd = true;
    return value;
  };
  const address: ConversationAddress = {};
  const serviceUrl = pick(source.serviceUrl, 'serviceUrl');
  if (serviceUrl !== undefined) address.serviceUrl = serviceUrl;
  const channelId = pick(source.channelId, 'channelId');
  if (channelId !== undefined) address.channelId = channelId;
  const kept: NonNullable<ConversationAddress['conversation']> = {};
  const id = pick(conversation.id, 'conversationId');
  if (id !== undefined) kept.id = id;
  const conversationType = pick(conversation.conversationType, 'conversationType');
  if (conversationType !== undefined) kept.conversationType = conversationType;
  const tenantId = pick(conversation.tenantId, 'tenantId');
  if (tenantId !== undefined) kept.tenantId = tenantId;
  if (Object.keys(kept).length > 0) address.conversation = kept;
  const botId = pick(bot.id, 'botId');
  if (botId !== undefined) address.bot = { id: botId };
  // escapes (control characters, quotes) can make JSON up to six times longer than the text
  return absurd || JSON.stringify(address).length > MAX_ADDRESS_JSON_CHARS ? null : address;
}
