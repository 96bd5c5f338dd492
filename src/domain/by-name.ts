/**
 * What `a.localeCompare(b, 'en', { sensitivity: 'base' })` uses, made once: localeCompare with
 * options builds its collator on every call, which was a third of the CPU of listing 5,000 accounts.
 */
const names = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * Names as an admin reads them: case- and accent-insensitive, then exact, so equal names still sort
 * the same way every time.
 */
export function compareNames(a: string, b: string): number {
  return names.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorts anything with a name by it. */
export function byName(a: { name: string }, b: { name: string }): number {
  return compareNames(a.name, b.name);
}
