import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isHex = (code: number): boolean =>
  isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
const isLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** Index after a run of `accept` starting at `from`, looking at most `max + 1` characters. */
function run(
  text: string,
  from: number,
  accept: (code: number) => boolean,
  max: number,
  meter: ScanMeter,
): number {
  let k = from;
  while (k < text.length && k - from <= max && accept(text.charCodeAt(k))) {
    meter.steps++;
    k++;
  }
  return k;
}

/** The body of the entity at `amp` (`#x27`, `#39`, `amp`) and its end after `;`, or null. */
function entityAt(text: string, amp: number, meter: ScanMeter): { body: string; end: number } | null {
  let first = amp + 1;
  let accept = isLetter;
  let min = 2;
  let max = 6;
  if (text.charCodeAt(first) === 0x23) {
    const x = text.charCodeAt(first + 1);
    const hex = x === 0x78 || x === 0x58;
    first += hex ? 2 : 1;
    accept = hex ? isHex : isDigit;
    min = 1;
    max = hex ? 6 : 7;
  }
  const end = run(text, first, accept, max, meter);
  const length = end - first;
  if (length < min || length > max || text.charCodeAt(end) !== 0x3b) return null;
  return { body: text.slice(amp + 1, end), end: end + 1 };
}

/**
 * Replaces each `&name;`, `&#123;` or `&#x7b;` with `decode(match, body)`: what
 * `/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi` did, in one pass.
 */
export function replaceEntities(
  text: string,
  decode: (match: string, body: string) => string,
  meter: ScanMeter = newMeter(),
): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    meter.steps++;
    if (text.charCodeAt(i) !== 0x26) continue;
    const entity = entityAt(text, i, meter);
    if (entity === null) continue;
    out += text.slice(copied, i) + decode(text.slice(i, entity.end), entity.body);
    copied = entity.end;
    i = entity.end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
