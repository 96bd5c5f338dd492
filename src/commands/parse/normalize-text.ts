const MENTION = /<at\b[^>]*>[\s\S]*?<\/at\s*>/gi;
// only the HTML tags Teams puts in message text, with name="value" attributes: `a<b and c>d` or
// `*)(x=*` stay as typed
const TAG =
  /<\/?(?:p|div|span|br|b|i|u|s|em|strong|strike|a|img|ul|ol|li|pre|code|blockquote|h[1-6]|hr|sub|sup|font|table|thead|tbody|tr|td|th)(?:\s+[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))*\s*\/?>/gi;
const ENTITY = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntity(match: string, body: string): string {
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? match;
}

/**
 * Teams message text → what the user typed: `<at>bot</at>` mentions removed, HTML tags dropped,
 * entities decoded (once, after the tags, so a typed `&lt;b&gt;` stays `<b>`), whitespace collapsed.
 */
export function normalizeText(text: string): string {
  return text
    .replace(MENTION, ' ')
    .replace(TAG, ' ')
    .replace(ENTITY, decodeEntity)
    .replace(/\s+/g, ' ')
    .trim();
}
