import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditKey } from './audit-hash';

/** The chain's head as last seen by the bot: verification requires the chain to reach it unchanged. */
export interface AuditHeadMark {
  seq: number;
  hash: string;
}

/** A head mark kept outside the audit table, with an HMAC so it cannot be forged without the key. */
export interface SignedAuditHead extends AuditHeadMark {
  mac: string;
}

/** Where the anchored head lives (a file next to the database, by default). */
export interface AuditAnchor {
  /** null when nothing was anchored yet */
  read(): Promise<SignedAuditHead | null>;
  write(head: SignedAuditHead): Promise<void>;
}

function macOf(key: AuditKey, head: AuditHeadMark): string {
  return createHmac('sha256', key).update(`msa-warden audit anchor\n${head.seq}\n${head.hash}`).digest('hex');
}

export function signAuditHead(key: AuditKey, head: AuditHeadMark): SignedAuditHead {
  return { seq: head.seq, hash: head.hash, mac: macOf(key, head) };
}

export function isAuthenticAuditHead(key: AuditKey, head: SignedAuditHead): boolean {
  const expected = Buffer.from(macOf(key, head), 'hex');
  const given = Buffer.from(head.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
