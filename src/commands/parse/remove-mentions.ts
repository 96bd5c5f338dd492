import { asciiLower, isSpace } from './is-space';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

const isWordChar = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  code === 0x5f;

/** `word` (lower-case ASCII) at `at`, ignoring ASCII case. */
function startsWithAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (asciiLower(text.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Finds, for non-decreasing `from`, the first index ≥ from where `endAt` matches. Each index is
 * examined once over all calls, so a whole pass stays linear (the regex it replaces rescanned the
 * rest of the text from every `<at`).
 */
function forwardFinder(
  length: number,
  endAt: (index: number) => number,
  meter: ScanMeter,
): (from: number) => { at: number; end: number } | null {
  let found: { at: number; end: number } | null = null;
  let scanned = 0;
  return (from) => {
    if (found !== null && found.at >= from) return found;
    for (let j = Math.max(from, scanned); j < length; j++) {
      meter.steps++;
      const end = endAt(j);
      if (end >= 0) {
        found = { at: j, end };
        scanned = j + 1;
        return found;
      }
    }
    scanned = length;
    found = null;
    return null;
  };
}

/**
 * Replaces each Teams mention `<at …>…</at>` with a space: what `/<at\b[^>]*>[\s\S]*?<\/at\s*>/gi`
 * did, in one pass.
 */
export function removeMentions(text: string, meter: ScanMeter = newMeter()): string {
  const nextGt = forwardFinder(text.length, (j) => (text.charCodeAt(j) === 0x3e ? j + 1 : -1), meter);
  const nextClose = forwardFinder(
    text.length,
    (j) => {
      if (!startsWithAt(text, j, '</at')) return -1;
      let k = j + 4;
      while (k < text.length && isSpace(text.charCodeAt(k))) {
        meter.steps++;
        k++;
      }
      return text.charCodeAt(k) === 0x3e ? k + 1 : -1;
    },
    meter,
  );
  let out = '';
  let copied = 0;
  for (let i = 0; i + 3 <= text.length; i++) {
    meter.steps++;
    if (!startsWithAt(text, i, '<at') || (i + 3 < text.length && isWordChar(text.charCodeAt(i + 3))))
      continue;
    const open = nextGt(i + 3);
    // no '>' or no closing tag after this one: none after any later '<at' either
    if (open === null) break;
    const close = nextClose(open.end);
    if (close === null) break;
    out += `${text.slice(copied, i)} `;
    copied = close.end;
    i = close.end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
