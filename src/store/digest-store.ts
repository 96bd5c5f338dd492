/** What the digest remembers across replicas: claimed slots and the last findings per scope. */
export interface DigestStore {
  /**
   * True for exactly one caller per (conversation, slot) across replicas. `slotIso` is the slot's
   * scheduled time as an ISO 8601 string; equal instants in different offsets are the same slot.
   */
  claimDigestSlot(conversationId: string, slotIso: string, claimedAt?: Date): Promise<boolean>;
  /** The latest claimed slot of a conversation. */
  lastDigest(conversationId: string): Promise<DigestClaim | null>;
  /** Replaces the scope's snapshot with these finding keys (deduplicated, sorted). */
  saveFindingSnapshot(scope: string, at: Date, keys: readonly string[]): Promise<void>;
  lastFindingSnapshot(scope: string): Promise<FindingSnapshot | null>;
}

export interface DigestClaim {
  conversationId: string;
  /** the slot's instant as a UTC ISO string (`2025-03-03T07:00:00.000Z`) */
  slotIso: string;
  slotAt: Date;
  claimedAt: Date;
}

export interface FindingSnapshot {
  scope: string;
  at: Date;
  keys: string[];
}
