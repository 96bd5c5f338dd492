import { isSpace } from './is-space';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

/** Runs of white space → one space, none at the ends: `.replace(/\s+/g, ' ').trim()` in one pass. */
export function collapseSpaces(text: string, meter: ScanMeter = newMeter()): string {
  let out = '';
  let wordStart = -1;
  for (let i = 0; i <= text.length; i++) {
    meter.steps++;
    const space = i === text.length || isSpace(text.charCodeAt(i));
    if (!space && wordStart < 0) wordStart = i;
    if (space && wordStart >= 0) {
      out += (out === '' ? '' : ' ') + text.slice(wordStart, i);
      wordStart = -1;
    }
  }
  return out;
}
