import { collapseSpaces } from '../../../src/commands/parse/collapse-spaces';
import { keywordForm } from '../../../src/commands/parse/keyword-form';
import { parseCommand } from '../../../src/commands/parse/parse-command';
import { removeMentions } from '../../../src/commands/parse/remove-mentions';
import { removeTags } from '../../../src/commands/parse/remove-tags';
import { replaceEntities } from '../../../src/commands/parse/replace-entities';
import { newMeter } from '../../../src/commands/parse/scan-meter';
import type { ScanMeter } from '../../../src/commands/parse/scan-meter';
import { splitWords } from '../../../src/commands/parse/split-words';
import {
  isOnlyQuestionMarks,
  trimClosingPlease,
  trimTrailingMarks,
} from '../../../src/commands/parse/trim-trailing';

/**
 * The hand-written scanners that replaced parseCommand's and normalizeText's regexes: they give the
 * same answers as those regexes (which serve here as the oracle, on short inputs only), and their
 * work, counted by a deterministic meter, grows linearly with the input on crafted worst cases.
 */

// --- the regexes they replace (quadratic on crafted input; never run on long text here) ---------
const OLD = {
  mentions: (t: string) => t.replace(/<at\b[^>]*>[\s\S]*?<\/at\s*>/gi, ' '),
  tags: (t: string) =>
    t.replace(
      /<\/?(?:p|div|span|br|b|i|u|s|em|strong|strike|a|img|ul|ol|li|pre|code|blockquote|h[1-6]|hr|sub|sup|font|table|thead|tbody|tr|td|th)(?:\s+[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))*\s*\/?>/gi,
      ' ',
    ),
  entities: (t: string, decode: (m: string, b: string) => string) =>
    t.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, decode),
  spaces: (t: string) => t.replace(/\s+/g, ' ').trim(),
  onlyQuestionMarks: (t: string) => /^\?+$/.test(t),
  trailingMarks: (t: string) => t.replace(/\s*[?!]+$/, ''),
  closingPlease: (t: string) => t.replace(/,?\s+(please|pls|thanks|thank you|thx)[.!]*$/i, ''),
  words: (t: string) =>
    Array.from(t.matchAll(/\S+/g), (m) => ({ start: m.index, end: m.index + m[0].length })),
  keyword: (w: string) =>
    w
      .toLowerCase()
      .replace(/['\u2019]/g, '')
      .replace(/^[.,:;!?()"`]+|[.,:;!?"`]+$/g, ''),
};

/** Deterministic pseudo-random numbers (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that exercise every branch: markup, entities, punctuation, closings, odd spaces. */
const PIECES = [
  '<at>',
  '</at>',
  '</AT >',
  '<at id="1">',
  '<atx>',
  '<at',
  '</at',
  '>',
  '<',
  '/',
  '=',
  '"',
  "'",
  '<p>',
  '</p>',
  '<P ',
  '<br/>',
  '<b >',
  '<pre>',
  '<h1>',
  '<h7>',
  '<strong',
  '<a href="x">',
  "<a b='y'>",
  '<a href=x/>',
  '<img src=a b=c>',
  ' a=',
  'a=b',
  '&amp;',
  '&AMP;',
  '&#39;',
  '&#x27;',
  '&#X41;',
  '&#x;',
  '&#12345678;',
  '&unknown;',
  '&nbsp;',
  '&',
  '#',
  ';',
  '?',
  '!',
  '.',
  ',',
  ':',
  '(',
  ')',
  '`',
  '\u2019',
  ' please',
  ' PLS',
  ', thanks',
  ' thank you',
  ' thx',
  'find',
  'sMSAs',
  'on',
  'SRV01',
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\ufeff',
  'x',
  'é',
  'K',
  '\u212a',
  'ſ',
  '\ud83d\ude00',
];

function generated(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * 14);
    return Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]!).join('');
  });
}

const decode = (match: string, body: string): string => `[${body}|${match.length}]`;

describe('text scanners answer exactly like the regexes they replace', () => {
  const inputs = generated(20_000, 11);

  it.each([
    ['removeMentions', (t: string) => removeMentions(t), OLD.mentions],
    ['removeTags', (t: string) => removeTags(t), OLD.tags],
    ['replaceEntities', (t: string) => replaceEntities(t, decode), (t: string) => OLD.entities(t, decode)],
    ['collapseSpaces', (t: string) => collapseSpaces(t), OLD.spaces],
    ['isOnlyQuestionMarks', (t: string) => isOnlyQuestionMarks(t), OLD.onlyQuestionMarks],
    ['trimTrailingMarks', (t: string) => trimTrailingMarks(t), OLD.trailingMarks],
    ['trimClosingPlease', (t: string) => trimClosingPlease(t), OLD.closingPlease],
    ['splitWords', (t: string) => splitWords(t), OLD.words],
    ['keywordForm', (t: string) => keywordForm(t), OLD.keyword],
  ] as const)('%s, on 20,000 generated inputs', (_name, scanner, regex) => {
    const differences = inputs.filter((t) => JSON.stringify(scanner(t)) !== JSON.stringify(regex(t)));
    expect(differences.slice(0, 5).map((t) => [t, scanner(t), regex(t)])).toEqual([]);
  });
});

/** Worst cases for the old regexes (and plausible ones for the scanners), each about n characters. */
const WORST_CASES: Record<string, (n: number) => string> = {
  'trailing marks': (n) => `${'!'.repeat(n)}x`,
  'question and exclamation': (n) => `find ${'?! '.repeat(n / 3)}x`,
  'edge punctuation': (n) => `${'.'.repeat(n)}x`,
  'punctuation words': (n) => '.,:;!?x '.repeat(n / 8),
  'closing please': (n) => `find${' please'.repeat(n / 7)}x`,
  'comma spaces': (n) => `find${', \t'.repeat(n / 3)}please x`,
  'unclosed mentions': (n) => '<at>'.repeat(n / 4),
  'mention without >': (n) => `${'<at '.repeat(n / 4)}`,
  'closing tags without >': (n) => `<at>${'</at   '.repeat(n / 7)}`,
  'mentions then close': (n) => `${'<at>x'.repeat(n / 5)}</at>`,
  'tag with spaces': (n) => `<p${' '.repeat(n)}x`,
  'tags with spaces': (n) => `<p${'  '.repeat(n / 8)}<p${'  '.repeat(n / 8)}`.repeat(2),
  'tag attributes': (n) => `<p${' a=b'.repeat(n / 4)}`,
  'tag starts': (n) => '<p a=b '.repeat(n / 7),
  'quoted values with tags': (n) => '<p a="<p a=\''.repeat(n / 12),
  'nested quotes': (n) => `<p a="${'<p a=\'<p b="'.repeat(n / 12)}`,
  'unclosed quotes': (n) => `<p a="${'x'.repeat(n)}`,
  'tag names': (n) => '<strongx'.repeat(n / 8),
  entities: (n) => '&#x1234567'.repeat(n / 10),
  'entity starts': (n) => '&'.repeat(n),
  'long entity names': (n) => '&abcdefghij'.repeat(n / 11),
  'question marks': (n) => '?'.repeat(n),
  'long word': (n) => `find sMSAs on ${'x'.repeat(n)}`,
  'many words': (n) => 'show the service accounts on '.repeat(n / 29),
  'spaces only': (n) => ' \u3000\t'.repeat(n / 3),
  random: (n) => generated(400, n).join('').slice(0, n),
};

function work(n: number, make: (n: number) => string, run: (text: string, meter: ScanMeter) => unknown) {
  const text = make(n);
  const meter = newMeter();
  run(text, meter);
  return { length: text.length, steps: meter.steps };
}

describe('the work grows linearly with the input (counted, not timed)', () => {
  const table: string[] = [];
  afterAll(() => {
    // figures for the run log: steps per character at n = 4,000 and the growth from n to 4n
    process.stdout.write(
      `text scanner work (steps per char at 4,000 chars; growth 1,000 → 4,000):\n${table.join('\n')}\n`,
    );
  });

  it.each(Object.entries(WORST_CASES))('%s', (name, make) => {
    const parse = (text: string, meter: ScanMeter): unknown => parseCommand(text, meter);
    const small = work(1000, make, parse);
    const large = work(4000, make, parse);
    const perChar = large.steps / Math.max(1, large.length);
    const growth = large.steps / Math.max(1, small.steps);
    table.push(`  ${name.padEnd(26)} ${perChar.toFixed(2).padStart(6)}  ×${growth.toFixed(2)}`);
    // every character is looked at a bounded number of times, whatever the input
    expect(large.steps).toBeLessThanOrEqual(12 * large.length + 50);
    // four times the input, at most about four times the work (a quadratic scan would be ×16)
    expect(growth).toBeLessThanOrEqual((4.5 * (large.length / Math.max(1, small.length))) / 4 + 0.5);
  });

  it('a meter really counts: the old regex-shaped work on trailing marks would be quadratic', () => {
    // the same scan as /\s*[?!]+$/ tried at every start: shows what the bound above rejects
    const quadratic = (text: string, meter: ScanMeter): void => {
      for (let start = 0; start < text.length; start++) {
        for (let k = start; k < text.length && text[k] === '!'; k++) meter.steps++;
      }
    };
    const small = work(1000, WORST_CASES['trailing marks']!, quadratic);
    const large = work(4000, WORST_CASES['trailing marks']!, quadratic);
    expect(large.steps / small.steps).toBeGreaterThan(15);
  });
});
