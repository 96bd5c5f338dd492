import type { Env } from './load-config';

/** The steps of a fix a test may stop at (the approval service's EXECUTION_STEPS, in its order). */
export const TEST_PAUSE_STEPS = ['before-start', 'before-apply', 'after-apply', 'after-verify'] as const;
export type TestPauseStep = (typeof TEST_PAUSE_STEPS)[number];

export interface TestPause {
  step: TestPauseStep;
  ms: number;
}

export const TEST_PAUSE_VARIABLE = 'MSA_WARDEN_TEST_PAUSE';

/**
 * TEST ONLY, not a setting: `MSA_WARDEN_TEST_PAUSE=after-apply:60000` makes every fix wait that long
 * at that step (and log each step it passes), so the crash tests can kill -9 the bot there. Read only
 * when NODE_ENV=test (jest sets it); anywhere else the variable is ignored (`ignored: true`) and a fix
 * never waits. Malformed values are ignored too: a test that needs the pause then fails visibly.
 */
export function readTestPause(env: Env): { pause: TestPause | null; ignored: boolean } {
  const value = env[TEST_PAUSE_VARIABLE];
  if (value === undefined || value === '') return { pause: null, ignored: false };
  if (env.NODE_ENV !== 'test') return { pause: null, ignored: true };
  const match = /^([a-z-]{1,20}):(\d{1,7})$/.exec(value);
  const step = TEST_PAUSE_STEPS.find((s) => s === match?.[1]);
  if (match === null || step === undefined) return { pause: null, ignored: true };
  return { pause: { step, ms: Number(match[2]) }, ignored: false };
}
