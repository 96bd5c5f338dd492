import { collapseSpaces } from './collapse-spaces';
import { removeMentions } from './remove-mentions';
import { removeTags } from './remove-tags';
import { replaceEntities } from './replace-entities';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';

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
export function normalizeText(text: string, meter: ScanMeter = newMeter()): string {
  // hand-written single passes: the regexes they replace backtracked on crafted input
  const untagged = removeTags(removeMentions(text, meter), meter);
  return collapseSpaces(replaceEntities(untagged, decodeEntity, meter), meter);
}
