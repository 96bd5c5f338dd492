import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

const LEADING = new Set('.,:;!?()"`');
const TRAILING = new Set('.,:;!?"`');

/**
 * A typed word as keyword matching sees it: lower-cased, apostrophes dropped, edge punctuation
 * trimmed. The same as `.toLowerCase().replace(/['\u2019]/g, '').replace(/^[.,:;!?()"`]+|[.,:;!?"`]+$/g, '')`,
 * without the trailing alternative's retry at every position of a long punctuation run.
 */
export function keywordForm(word: string, meter: ScanMeter = newMeter()): string {
  let plain = '';
  const lower = word.toLowerCase();
  for (const char of lower) {
    meter.steps++;
    if (char !== "'" && char !== '\u2019') plain += char;
  }
  let start = 0;
  while (start < plain.length && LEADING.has(plain.charAt(start))) {
    meter.steps++;
    start++;
  }
  let end = plain.length;
  while (end > start && TRAILING.has(plain.charAt(end - 1))) {
    meter.steps++;
    end--;
  }
  return plain.slice(start, end);
}
