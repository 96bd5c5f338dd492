import { appendFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A figure for the end of the run ("faults survived: 5/5"): printed now, and appended to the run's
 * figures file when the summary reporter announced one (MSA_WARDEN_TEST_OUTPUT), in its format.
 */
export function reportFigure(text: string): void {
  console.log(`figure: ${text}`);
  const dir = process.env.MSA_WARDEN_TEST_OUTPUT;
  if (dir === undefined || dir === '') return;
  appendFileSync(path.join(dir, 'figures.jsonl'), `${JSON.stringify({ text, at: Date.now() })}\n`);
}
