import { createHash, createHmac } from 'node:crypto';
import type { AuditEntryInput } from './audit-entry';
import { canonicalJson } from './canonical-json';

/**
 * The secret that keys the chain (AUDIT_HMAC_KEY), kept outside the database: without it, someone who
 * can write the audit table cannot recompute the hashes after editing or inserting a row.
 */
export type AuditKey = Buffer;

/**
 * The hash of one link over the previous hash and the canonical JSON of the entry, hex: HMAC-SHA256
 * with the key; plain SHA-256 without one (only for stores opened without a key, such as unit tests —
 * the bot always passes one).
 */
export function computeAuditHash(
  prevHash: string,
  seq: number,
  entry: AuditEntryInput,
  key?: AuditKey,
): string {
  const body = canonicalJson({
    seq,
    at: entry.at.toISOString(),
    actor: { id: entry.actor.id, name: entry.actor.name },
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
  });
  const digest = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  return digest.update(prevHash).update(body).digest('hex');
}
