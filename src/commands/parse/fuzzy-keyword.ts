import { distance } from 'fastest-levenshtein';

/** Levenshtein distance, but a swap of two neighbouring letters (`hepl`) counts as one typo. */
export function typoDistance(word: string, keyword: string): number {
  const d = distance(word, keyword);
  if (d !== 2 || word.length !== keyword.length) return d;
  const diff: number[] = [];
  for (let i = 0; i < word.length && diff.length <= 2; i++) if (word[i] !== keyword[i]) diff.push(i);
  const [a, b] = diff;
  if (
    diff.length === 2 &&
    a !== undefined &&
    b === a + 1 &&
    word[a] === keyword[b] &&
    word[b] === keyword[a]
  ) {
    return 1;
  }
  return d;
}

/** Typos tolerated for a keyword of this length: none up to 3 letters, one up to 5, then two. */
function allowedTypos(keyword: string): number {
  if (keyword.length <= 3) return 0;
  return keyword.length <= 5 ? 1 : 2;
}

/**
 * The meaning of `word` in `vocabulary`: an exact key, else the unique nearest key within the typo
 * allowance. Only plain letter words are matched loosely, so `smsa1` or `svc_sql01` never turn into keywords,
 * and only when the first letter agrees, so real words one letter away (`how` → show, `kind` → find) do not.
 */
export function matchKeyword<T>(word: string, vocabulary: Readonly<Record<string, T>>): T | undefined {
  if (Object.hasOwn(vocabulary, word)) return vocabulary[word];
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return undefined;
  let best: { value: T; distance: number } | undefined;
  let tied = false;
  for (const [keyword, value] of Object.entries(vocabulary)) {
    const allowed = allowedTypos(keyword);
    if (allowed === 0 || keyword[0] !== word[0]) continue;
    const d = typoDistance(word, keyword);
    if (d > allowed) continue;
    if (best === undefined || d < best.distance) {
      best = { value, distance: d };
      tied = false;
    } else if (d === best.distance && value !== best.value) {
      tied = true;
    }
  }
  return tied ? undefined : best?.value;
}
