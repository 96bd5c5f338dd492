import { signAuditHead, type AuditAnchor } from './audit-anchor';
import type { AuditEntryInput, StoredAuditEntry } from './audit-entry';
import type { AuditKey } from './audit-hash';
import { verifyAuditTrail, type AuditTrailVerdict } from './verify-audit-trail';

/** The trail as stored (the store's AuditTrail port has this shape). */
export interface AuditTrailStorage {
  appendAudit(entry: AuditEntryInput): Promise<StoredAuditEntry>;
  listAudit(query?: {
    limit?: number;
    afterSeq?: number;
    beforeSeq?: number;
    order?: 'asc' | 'desc';
  }): Promise<StoredAuditEntry[]>;
}

/**
 * The store's audit trail with its head anchored outside the database: a decorator of the same port,
 * so every writer main.ts hands it to (turns, approvals, digest) moves the anchor. The anchor only
 * moves along the chain it already names: if the entry it names was rewritten, it stays put, so
 * verification keeps reporting it.
 */
export class AnchoredAuditTrail implements AuditTrailStorage {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: AuditTrailStorage,
    private readonly key: AuditKey,
    private readonly anchor: AuditAnchor,
    /** told when the anchor cannot move (a rewritten tail) or cannot be written; the append stands */
    private readonly warn: (message: string, detail: Record<string, unknown>) => void = () => undefined,
    /** told after every append (the SIEM forwarder sends it at once) */
    private readonly appended: () => void = () => undefined,
  ) {}

  async appendAudit(input: AuditEntryInput): Promise<StoredAuditEntry> {
    const entry = await this.storage.appendAudit(input);
    // one anchor write at a time, in order of completion
    this.writing = this.writing
      .then(() => this.advance(entry))
      .catch((error: unknown) =>
        this.warn('could not write the audit anchor', { seq: entry.seq, error: String(error) }),
      );
    await this.writing;
    this.appended();
    return entry;
  }

  listAudit(query?: Parameters<AuditTrailStorage['listAudit']>[0]): Promise<StoredAuditEntry[]> {
    return this.storage.listAudit(query);
  }

  /** The newest `count` entries, newest first. */
  latest(count: number): Promise<StoredAuditEntry[]> {
    return this.storage.listAudit({ order: 'desc', limit: count });
  }

  /** The whole chain from genesis, every HMAC, and the anchored head. */
  async verify(): Promise<AuditTrailVerdict> {
    return verifyAuditTrail(this.storage, this.key, await this.anchor.read());
  }

  private async advance(entry: StoredAuditEntry): Promise<void> {
    // read each time: replicas may share the file
    const current = await this.anchor.read();
    if (current !== null) {
      if (entry.seq <= current.seq) return;
      const links =
        entry.seq === current.seq + 1
          ? entry.prevHash === current.hash
          : (await this.storage.listAudit({ afterSeq: current.seq - 1, limit: 1 }))[0]?.hash === current.hash;
      if (!links) {
        this.warn('the audit trail no longer reaches its anchored head; the anchor stays', {
          anchoredSeq: current.seq,
          seq: entry.seq,
        });
        return;
      }
    }
    await this.anchor.write(signAuditHead(this.key, { seq: entry.seq, hash: entry.hash }));
  }
}
