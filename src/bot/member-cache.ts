/** What the bot keeps of a TeamsInfo.getMember answer. */
export interface CachedMember {
  userPrincipalName?: string;
  aadObjectId?: string;
  name?: string;
}

/**
 * Teams member lookups, kept a few minutes per user: the connector is asked at most once per user per
 * `ttlMs` (a UPN rarely changes, and roles are still decided from the directory on every turn).
 */
export class MemberCache {
  private readonly entries = new Map<string, { member: CachedMember; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): CachedMember | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.member;
  }

  set(key: string, member: CachedMember): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    // Map keeps insertion order: the first key is the oldest
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { member, expiresAt: this.now() + this.ttlMs });
  }
}
