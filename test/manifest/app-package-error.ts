import { AppPackageError } from '../../scripts/app-package';

/** The AppPackageError that `fn` throws; fails the test if it throws nothing or something else. */
export function appPackageError(fn: () => unknown): AppPackageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppPackageError) return error;
    throw error;
  }
  throw new Error('expected an AppPackageError');
}
