/**
 * Counts the characters a text scanner examines. Tests pass one in to bound the work by input size
 * (a deterministic count, not wall time); production code passes none.
 */
export interface ScanMeter {
  steps: number;
}

/** A fresh meter; scanners default to one so counting needs no branch. */
export function newMeter(): ScanMeter {
  return { steps: 0 };
}
