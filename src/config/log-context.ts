import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the turn being served, carried through every await of that turn (LDAP,
 * store, audit trail), so each log line written during the turn names it without being passed it.
 */
const turnRef = new AsyncLocalStorage<string>();

/** Runs `work` with `ref` as the current turn's id; every logger adds it to its lines as `ref`. */
export function runWithLogRef<T>(ref: string, work: () => T): T {
  return turnRef.run(ref, work);
}

/** The current turn's id, or undefined outside a turn (start-up, timers). */
export function currentLogRef(): string | undefined {
  return turnRef.getStore();
}
