import { asciiLower, isSpace } from './is-space';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

/** Only the HTML tags Teams puts in message text: `a<b and c>d` or `*)(x=*` stay as typed. */
const TAG_NAMES: ReadonlySet<string> = new Set(
  'p div span br b i u s em strong strike a img ul ol li pre code blockquote h1 h2 h3 h4 h5 h6 hr sub sup font table thead tbody tr td th'.split(
    ' ',
  ),
);

const isAsciiAlnum = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const isAttributeNameChar = (code: number): boolean =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2d;
/** `"`, `'`, `<`, `>` end an unquoted attribute value, as does white space */
const endsUnquoted = (code: number): boolean =>
  code === 0x22 || code === 0x27 || code === 0x3c || code === 0x3e || isSpace(code);

/**
 * The end (after `>`) of the tag starting at `start` (a `<`), or -1. Parses what
 * `<\/?(?:names)(?:\s+[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))*\s*\/?>` matched, deterministically:
 * no alternative that regex could backtrack into ends anywhere else.
 */
function tagEnd(text: string, start: number, meter: ScanMeter): number {
  const length = text.length;
  let j = start + 1;
  if (text.charCodeAt(j) === 0x2f) j++;
  let name = '';
  while (j < length && isAsciiAlnum(text.charCodeAt(j))) {
    meter.steps++;
    name += String.fromCharCode(asciiLower(text.charCodeAt(j)));
    j++;
    if (name.length > 10) return -1; // longer than any tag name
  }
  if (!TAG_NAMES.has(name)) return -1;
  const skipSpaces = (): void => {
    while (j < length && isSpace(text.charCodeAt(j))) {
      meter.steps++;
      j++;
    }
  };
  for (;;) {
    const spaceStart = j;
    skipSpaces();
    if (j >= length) return -1;
    const code = text.charCodeAt(j);
    if (code === 0x3e) return j + 1;
    if (code === 0x2f) return text.charCodeAt(j + 1) === 0x3e ? j + 2 : -1;
    if (j === spaceStart || !isAttributeNameChar(code)) return -1;
    while (j < length && isAttributeNameChar(text.charCodeAt(j))) {
      meter.steps++;
      j++;
    }
    skipSpaces();
    if (text.charCodeAt(j) !== 0x3d) return -1;
    j++;
    skipSpaces();
    if (j >= length) return -1;
    const quote = text.charCodeAt(j);
    if (quote === 0x22 || quote === 0x27) {
      const close = text.indexOf(quote === 0x22 ? '"' : "'", j + 1);
      meter.steps += (close < 0 ? length : close) - j;
      if (close < 0) return -1;
      j = close + 1;
    } else {
      const valueStart = j;
      while (j < length && !endsUnquoted(text.charCodeAt(j))) {
        meter.steps++;
        j++;
      }
      if (j === valueStart) return -1;
    }
  }
}

/** Replaces each Teams HTML tag with a space, in one pass. */
export function removeTags(text: string, meter: ScanMeter = newMeter()): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    meter.steps++;
    if (text.charCodeAt(i) !== 0x3c) continue;
    const end = tagEnd(text, i, meter);
    if (end < 0) continue;
    out += `${text.slice(copied, i)} `;
    copied = end;
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
