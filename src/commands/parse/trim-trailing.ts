import { asciiLower, isSpace } from './is-space';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

/**
 * Linear replacements for the end-anchored regexes parseCommand used on user text: each scans the
 * end of the text once, backwards (`/\s*[?!]+$/` retried every position of a long `!!!!…x` run).
 */

/** Start of the run of characters at the end of `text` (from `floor` on) that `accept` takes. */
function trailingRun(text: string, accept: (code: number) => boolean, meter: ScanMeter, floor = 0): number {
  let k = text.length;
  while (k > floor && accept(text.charCodeAt(k - 1))) {
    meter.steps++;
    k--;
  }
  return k;
}

const isMark = (code: number): boolean => code === 0x3f || code === 0x21; // ? !
const isDotOrBang = (code: number): boolean => code === 0x2e || code === 0x21;

/** true when `text` is one or more `?` and nothing else: `/^\?+$/`. */
export function isOnlyQuestionMarks(text: string, meter: ScanMeter = newMeter()): boolean {
  return text !== '' && trailingRun(text, (code) => code === 0x3f, meter) === 0;
}

/** Drops closing `?`/`!` marks and the space before them: `.replace(/\s*[?!]+$/, '')`. */
export function trimTrailingMarks(text: string, meter: ScanMeter = newMeter()): string {
  const marks = trailingRun(text, isMark, meter);
  if (marks === text.length) return text;
  return text.slice(0, trailingRun(text.slice(0, marks), isSpace, meter));
}

const CLOSINGS = ['please', 'pls', 'thanks', 'thank you', 'thx'];

/** `word` (lower-case ASCII) ends at `end`, ignoring ASCII case like a non-Unicode `/i` regex. */
function endsWithAt(text: string, end: number, word: string, meter: ScanMeter): boolean {
  const start = end - word.length;
  if (start < 0) return false;
  for (let k = 0; k < word.length; k++) {
    meter.steps++;
    if (asciiLower(text.charCodeAt(start + k)) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Drops a closing "please"/"thanks" (and a comma before it, and `.`/`!` after it):
 * `.replace(/,?\s+(please|pls|thanks|thank you|thx)[.!]*$/i, '')`.
 */
export function trimClosingPlease(text: string, meter: ScanMeter = newMeter()): string {
  const marks = trailingRun(text, isDotOrBang, meter);
  const word = CLOSINGS.find((closing) => endsWithAt(text, marks, closing, meter));
  if (word === undefined) return text;
  const wordStart = marks - word.length;
  const spaces = trailingRun(text.slice(0, wordStart), isSpace, meter);
  if (spaces === wordStart) return text;
  return text.slice(0, spaces > 0 && text.charCodeAt(spaces - 1) === 0x2c ? spaces - 1 : spaces);
}
