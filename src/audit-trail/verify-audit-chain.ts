import { GENESIS_HASH, type StoredAuditEntry } from './audit-entry';
import { computeAuditHash, type AuditKey } from './audit-hash';

export type AuditChainBreak =
  | 'seq-gap' // seq is not the previous seq + 1 (a row was removed or inserted)
  | 'prev-hash-mismatch' // prevHash does not name the previous entry's hash (or the genesis/anchor)
  | 'hash-mismatch'; // the entry's content no longer matches its hash (the row was edited)

export type AuditChainVerdict =
  | { ok: true; checked: number; lastSeq: number | null; lastHash: string | null }
  | { ok: false; seq: number; index: number; reason: AuditChainBreak };

/** The link just before a window of entries, when verifying a window that does not start at seq 1. */
export interface AuditChainAnchor {
  seq: number;
  hash: string;
}

/**
 * Checks entries (ascending seq) link by link and reports the first broken one. A window starting at
 * seq 1 must start from GENESIS_HASH; a later window is checked against `anchor` when given, otherwise
 * its first prevHash is taken on trust. `key` is the chain's HMAC key (none: an unkeyed chain). A
 * whole trail is checked by verifyAuditTrail, which also requires the genesis entry and the anchored head.
 */
export function verifyAuditChain(
  entries: readonly StoredAuditEntry[],
  anchor?: AuditChainAnchor,
  key?: AuditKey,
): AuditChainVerdict {
  let prev: AuditChainAnchor | null = anchor ?? null;
  for (const [index, entry] of entries.entries()) {
    if (prev === null) {
      if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) {
        return { ok: false, seq: entry.seq, index, reason: 'prev-hash-mismatch' };
      }
    } else {
      if (entry.seq !== prev.seq + 1) return { ok: false, seq: entry.seq, index, reason: 'seq-gap' };
      if (entry.prevHash !== prev.hash)
        return { ok: false, seq: entry.seq, index, reason: 'prev-hash-mismatch' };
    }
    if (computeAuditHash(entry.prevHash, entry.seq, entry, key) !== entry.hash) {
      return { ok: false, seq: entry.seq, index, reason: 'hash-mismatch' };
    }
    prev = { seq: entry.seq, hash: entry.hash };
  }
  const last = entries.at(-1);
  return { ok: true, checked: entries.length, lastSeq: last?.seq ?? null, lastHash: last?.hash ?? null };
}
