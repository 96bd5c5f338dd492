import { isSpace } from './is-space';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

export interface WordSpan {
  start: number;
  end: number;
}

/** Where each run of non-space characters is: `text.matchAll(/\S+/g)`, by hand so it can be metered. */
export function splitWords(text: string, meter: ScanMeter = newMeter()): WordSpan[] {
  const words: WordSpan[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    meter.steps++;
    const space = i === text.length || isSpace(text.charCodeAt(i));
    if (!space && start < 0) start = i;
    if (space && start >= 0) {
      words.push({ start, end: i });
      start = -1;
    }
  }
  return words;
}
