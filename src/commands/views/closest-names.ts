import { distance } from 'fastest-levenshtein';
import { byName } from '../../domain/by-name';

/**
 * Up to `max` candidates nearest to `input` (case-insensitive Levenshtein), for "did you mean".
 * Names that contain the input rank first; names too far away to be a typo are left out, so
 * `*)(objectClass=*` suggests nothing rather than three random servers.
 */
export function closestNames(input: string, candidates: readonly string[], max = 3): string[] {
  const wanted = input.trim().toLowerCase();
  if (wanted === '' || max <= 0) return [];
  const seen = new Set<string>();
  const scored: { name: string; contains: boolean; distance: number }[] = [];
  for (const name of candidates) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    const contains = lower.includes(wanted);
    const d = distance(wanted, lower);
    const limit = Math.max(2, Math.floor(Math.max(wanted.length, lower.length) / 2));
    if (contains || d <= limit) scored.push({ name, contains, distance: d });
  }
  scored.sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance || byName(a, b));
  return scored.slice(0, max).map((s) => s.name);
}
