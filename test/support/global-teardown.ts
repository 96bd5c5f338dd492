import { startedByThisRun, stopTestDirectory } from './dc';

/**
 * Developers keep the DC running between runs (it saves the start and seed); on CI the run that
 * started it stops it.
 */
export default async function globalTeardown(): Promise<void> {
  if (process.env.CI === undefined || process.env.CI === '') return;
  if (!startedByThisRun()) return;
  await stopTestDirectory();
}
