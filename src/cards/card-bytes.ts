/**
 * Teams refuses messages over about 28 KB. The card itself gets this budget; the rest is left for
 * the activity around it (ids, conversation, attachment wrapper).
 */
export const MAX_CARD_BYTES = 26_000;

/** Size of the card as sent: UTF-8 bytes of its JSON. */
export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
