/** Who did something: a Teams/AD user (AAD object id) or the bot itself (`system`). */
export interface AuditActor {
  id: string;
  name: string;
}

/** JSON-serialisable details of one audit step (LDAP before/after values, result, …). Never secrets. */
export type AuditDetails = { readonly [key: string]: unknown };

/** What a caller appends; the store assigns seq and the hashes. */
export interface AuditEntryInput {
  at: Date;
  actor: AuditActor;
  /** dotted verb, e.g. `approval.requested`, `remediation.applied` */
  action: string;
  /** what it was done to, e.g. an approval id or an account SID */
  subject: string;
  details: AuditDetails;
}

/** One link of the hash chain as stored. */
export interface StoredAuditEntry extends AuditEntryInput {
  /** 1, 2, 3 … without gaps */
  seq: number;
  /** hash of the previous entry; GENESIS_HASH for seq 1 */
  prevHash: string;
  /** sha256(prevHash + canonical JSON of seq, at, actor, action, subject, details), hex */
  hash: string;
}

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
