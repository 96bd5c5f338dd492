/** Ticks (100 ns) between 1601-01-01 and 1970-01-01. */
const UNIX_EPOCH_TICKS = 116_444_736_000_000_000n;
const TICKS_PER_MS = 10_000n;

/** Date → FILETIME as the decimal string LDAP returns and writes (the bot only reads them). */
export function dateToFiletime(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return (BigInt(ms) * TICKS_PER_MS + UNIX_EPOCH_TICKS).toString();
}
