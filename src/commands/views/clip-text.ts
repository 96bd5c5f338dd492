/** Shortens text to at most `max` characters (ending with `…`), so one long value cannot blow the 28 KB card limit. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** The first `max` items plus a "+N more" line when the list is longer. */
export function clipList(items: readonly string[], max: number, itemMax: number): string[] {
  const shown = items.slice(0, max).map((item) => clipText(item, itemMax));
  if (items.length > max) shown.push(`+${items.length - max} more`);
  return shown;
}
