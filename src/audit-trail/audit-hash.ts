import { createHash } from 'node:crypto';
import type { AuditEntryInput } from './audit-entry';
import { canonicalJson } from './canonical-json';

/** The hash of one link: sha256 over the previous hash and the canonical JSON of the entry, hex. */
export function computeAuditHash(prevHash: string, seq: number, entry: AuditEntryInput): string {
  const body = canonicalJson({
    seq,
    at: entry.at.toISOString(),
    actor: { id: entry.actor.id, name: entry.actor.name },
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
