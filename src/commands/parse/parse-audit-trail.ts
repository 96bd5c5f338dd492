import type { TypedCommand } from '../command';

/** Entries `audit trail` shows by default and at most. */
export const AUDIT_TRAIL_DEFAULT_COUNT = 10;
export const AUDIT_TRAIL_MAX_COUNT = 50;

const DIGITS = /^\d{1,6}$/;

/**
 * `verify audit trail` (also `check the audit trail`), `audit trail [n]` (also `show audit trail`):
 * exact phrases checked word by word before the general grammar, where "verify" and "audit" mean
 * other commands. `sentence` is normalized, spaces collapsed, closing marks trimmed.
 */
export function parseAuditTrail(sentence: string): TypedCommand | null {
  const words = sentence
    .toLowerCase()
    .split(' ')
    .filter((word) => word !== '');
  const at = words.indexOf('audit');
  if (at < 0 || words[at + 1] !== 'trail') return null;
  const before = words.slice(0, at).filter((word) => word !== 'the');
  const after = words.slice(at + 2);
  if (before.length === 1 && (before[0] === 'verify' || before[0] === 'check') && after.length === 0) {
    return { kind: 'verify-audit-trail' };
  }
  if (before.length > 1 || (before.length === 1 && before[0] !== 'show')) return null;
  if (after.length === 0) return { kind: 'audit-trail', count: AUDIT_TRAIL_DEFAULT_COUNT };
  const n = after.length === 1 && DIGITS.test(after[0] ?? '') ? Number(after[0]) : Number.NaN;
  if (Number.isNaN(n)) return null;
  return { kind: 'audit-trail', count: Math.min(Math.max(n, 1), AUDIT_TRAIL_MAX_COUNT) };
}
