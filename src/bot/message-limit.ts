/**
 * The longest message text the bot reads. Commands are a few words; checking the length before any
 * parsing keeps one oversized message from costing every other user their answer.
 */
export const MAX_MESSAGE_CHARS = 4000;

/** The polite answer to a message over the limit. */
export function tooLongText(limit: number): string {
  return (
    `That message is too long for me: I read messages of up to ${limit.toLocaleString('en-US')} characters. ` +
    'Ask one thing at a time, for example "find sMSAs on SRV01", or type "help".'
  );
}
