import { reportFigure as appendFigure } from './test-output.cjs';

/**
 * A figure for the end of the run ("faults survived: 5/5"): printed now, and kept for the summary
 * reporter, which prints every figure again after the run (test/support/test-output.cjs).
 */
export function reportFigure(text: string): void {
  console.log(`figure: ${text}`);
  appendFigure(text);
}
