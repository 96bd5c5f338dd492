/**
 * `work`, or `onExpire()` and a rejection with `expired()` when it has not settled within `ms`.
 * The work's own later outcome is ignored (it may never settle: that is why the deadline exists);
 * its errors pass through untouched, since mapLdapError reads Node's `code` on them.
 */
export async function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  onExpire: () => void,
  expired: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onExpire();
      reject(expired());
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
