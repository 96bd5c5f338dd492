import { setImmediate as nextTurn } from 'node:timers/promises';

/** Items mapped between two yields by default: a few milliseconds of descriptor parsing or checks. */
export const DEFAULT_SLICE = 200;

/**
 * `items.map(map)`, yielding to the event loop after every `slice` items, so that a long CPU-bound
 * map (thousands of accounts' descriptors, every check over every account) lets the turns queued
 * behind it (a lookup's reply, an LDAP page, /healthz) run in between instead of waiting for all of it.
 */
export async function mapInSlices<T, U>(
  items: readonly T[],
  map: (item: T, index: number) => U,
  slice: number = DEFAULT_SLICE,
): Promise<U[]> {
  if (!Number.isInteger(slice) || slice < 1)
    throw new RangeError('slice must be a whole number of at least 1');
  const mapped = new Array<U>(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % slice === 0) await nextTurn();
    mapped[i] = map(items[i] as T, i);
  }
  return mapped;
}
