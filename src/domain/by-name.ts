/**
 * Names as an admin reads them: case- and accent-insensitive, then exact, so equal names still sort
 * the same way every time.
 */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorts anything with a name by it. */
export function byName(a: { name: string }, b: { name: string }): number {
  return compareNames(a.name, b.name);
}
