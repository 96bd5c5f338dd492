/**
 * `work`, or `onExpire()` and a rejection with `expired()` when it has not settled within `ms`.
 * The work's own later outcome is ignored (it may never settle: that is why the deadline exists).
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  onExpire: () => void,
  expired: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      onExpire();
      reject(expired());
    }, ms);
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
