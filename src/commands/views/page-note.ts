export interface PageNoteWords {
  /** what ran out, e.g. `findings` in "No more findings: all 12 were shown."; none by default */
  noun?: string;
  /** the range's first word: "Showing" by default */
  range?: string;
  /** how a number is written; plain digits by default */
  number?: (n: number) => string;
}

/**
 * The line under a paged list: "Showing 11–20 of 34.", or "No more: all 34 were shown." for an empty
 * page past the end (a stale "Show more"). Empty when the first page shows everything.
 */
export function pageNote(total: number, start: number, count: number, words: PageNoteWords = {}): string {
  const end = start + count;
  if (start <= 0 && end >= total) return '';
  const n = words.number ?? String;
  const noun = words.noun === undefined ? '' : ` ${words.noun}`;
  if (count === 0) return `No more${noun}: all ${n(total)} were shown.`;
  return `${words.range ?? 'Showing'} ${n(start + 1)}–${n(end)} of ${n(total)}.`;
}
