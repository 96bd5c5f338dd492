import { isAuthenticAuditHead, type AuditHeadMark, type SignedAuditHead } from './audit-anchor';
import { GENESIS_HASH, type StoredAuditEntry } from './audit-entry';
import type { AuditKey } from './audit-hash';
import { verifyAuditChain, type AuditChainBreak } from './verify-audit-chain';

/** Reads the trail in pages (the Store does). */
export interface AuditTrailReader {
  listAudit(query: { afterSeq?: number; limit?: number }): Promise<StoredAuditEntry[]>;
}

export type AuditTrailBreak =
  | AuditChainBreak
  | 'genesis-missing' // the first stored entry is not seq 1 (the oldest entries were deleted)
  | 'truncated' // the chain ends before the anchored head (the newest entries were deleted)
  | 'anchor-mismatch' // the entry at the anchored seq is not the one anchored (the tail was rewritten)
  | 'anchor-forged'; // the anchor's MAC is wrong (it was edited without the key)

export type AuditTrailVerdict =
  | { ok: true; entries: number; head: AuditHeadMark | null; anchoredSeq: number | null }
  | { ok: false; seq: number; reason: AuditTrailBreak; checked: number };

const PAGE = 1000;

/**
 * Checks the whole trail: it must start at seq 1 from the genesis hash, every link must carry its
 * HMAC under `key`, and it must reach the anchored head (kept outside the database) unchanged.
 * Reports the first broken entry.
 */
export async function verifyAuditTrail(
  reader: AuditTrailReader,
  key: AuditKey | undefined,
  anchor: SignedAuditHead | null,
): Promise<AuditTrailVerdict> {
  if (anchor !== null && (key === undefined || !isAuthenticAuditHead(key, anchor))) {
    return { ok: false, seq: anchor.seq, reason: 'anchor-forged', checked: 0 };
  }
  let prev: AuditHeadMark | null = null;
  let checked = 0;
  let anchoredHash: string | null = null;
  for (;;) {
    const page = await reader.listAudit({ afterSeq: prev?.seq ?? 0, limit: PAGE });
    const first = page[0];
    if (prev === null && first !== undefined && (first.seq !== 1 || first.prevHash !== GENESIS_HASH)) {
      return { ok: false, seq: first.seq, reason: 'genesis-missing', checked };
    }
    const verdict = verifyAuditChain(page, prev ?? undefined, key);
    if (!verdict.ok)
      return { ok: false, seq: verdict.seq, reason: verdict.reason, checked: checked + verdict.index };
    if (anchor !== null) {
      const atAnchor = page.find((entry) => entry.seq === anchor.seq);
      if (atAnchor !== undefined) anchoredHash = atAnchor.hash;
    }
    checked += page.length;
    const last = page.at(-1);
    if (last !== undefined) prev = { seq: last.seq, hash: last.hash };
    if (page.length < PAGE) break;
  }
  if (anchor !== null && anchor.seq > 0) {
    if ((prev?.seq ?? 0) < anchor.seq)
      return { ok: false, seq: (prev?.seq ?? 0) + 1, reason: 'truncated', checked };
    if (anchoredHash !== anchor.hash)
      return { ok: false, seq: anchor.seq, reason: 'anchor-mismatch', checked };
  }
  return { ok: true, entries: checked, head: prev, anchoredSeq: anchor?.seq ?? null };
}

/** The reason in an admin's words, for the verify answer. */
export function describeAuditTrailBreak(reason: AuditTrailBreak): string {
  switch (reason) {
    case 'hash-mismatch':
      return 'its content no longer matches its HMAC: the entry was edited';
    case 'prev-hash-mismatch':
      return 'it does not link to the entry before it: an entry was rewritten or replaced';
    case 'seq-gap':
      return 'the sequence jumps here: entries were deleted or inserted';
    case 'genesis-missing':
      return 'the trail does not start at entry 1: the oldest entries were deleted';
    case 'truncated':
      return 'the trail ends before the anchored head: the newest entries were deleted';
    case 'anchor-mismatch':
      return 'this is not the entry that was anchored: the end of the trail was rewritten';
    case 'anchor-forged':
      return 'the anchor file was changed without the key (or AUDIT_HMAC_KEY changed)';
  }
}
