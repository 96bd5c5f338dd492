/**
 * AD time formats. FILETIME (pwdLastSet, lastLogonTimestamp, accountExpires) counts 100-ns ticks
 * since 1601-01-01 UTC; 0 means "never" and 0x7FFFFFFFFFFFFFFF means "no value / never expires".
 * Generalized time (whenCreated, whenChanged) is `YYYYMMDDHHMMSS[.f]Z` (RFC 4517 §3.3.13).
 */

/** Ticks between 1601-01-01 and 1970-01-01. */
const UNIX_EPOCH_TICKS = 116_444_736_000_000_000n;
const TICKS_PER_MS = 10_000n;
const NEVER = 0x7fff_ffff_ffff_ffffn;

/** FILETIME (decimal string as LDAP returns it, or bigint) → Date; null for "never", "not set" or garbage. */
export function filetimeToDate(value: string | bigint | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  let ticks: bigint;
  if (typeof value === 'bigint') {
    ticks = value;
  } else {
    if (!/^-?\d+$/.test(value.trim())) return null;
    ticks = BigInt(value.trim());
  }
  if (ticks <= 0n || ticks >= NEVER) return null;
  const date = new Date(Number((ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MS));
  return Number.isNaN(date.getTime()) ? null : date;
}

const GENERALIZED_TIME =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/;

/** Generalized time → Date; null when the text is not one. */
export function generalizedTimeToDate(value: string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const m = GENERALIZED_TIME.exec(value.trim());
  if (!m) return null;
  const [, year, month, day, hour, minute = '00', second = '00', fraction, zone = 'Z'] = m;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, sec] = parts;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms));
  // Date.UTC rolls 2024-02-30 over into March: reject instead of guessing.
  if (local.getUTCFullYear() !== y || local.getUTCMonth() !== mo - 1 || local.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || sec > 59) return null;
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || '0');
  return new Date(local.getTime() - sign * offsetMinutes * 60_000);
}
