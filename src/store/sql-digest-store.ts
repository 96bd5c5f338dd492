import { z } from 'zod';
import type { DigestClaim, DigestStore, FindingSnapshot } from './digest-store';
import { epochMs, instant, jsonText, parseRow } from './sql-columns';
import type { SqlEngine } from './sql-engine';
import { StoreError } from './store-error';

const slotRow = z
  .object({ conversation_id: z.string(), slot_at: instant, claimed_at: instant })
  .transform((row): DigestClaim => ({
    conversationId: row.conversation_id,
    slotIso: row.slot_at.toISOString(),
    slotAt: row.slot_at,
    claimedAt: row.claimed_at,
  }));

const snapshotRow = z
  .object({ scope: z.string(), at: instant, finding_keys: jsonText(z.array(z.string())) })
  .transform((row): FindingSnapshot => ({ scope: row.scope, at: row.at, keys: row.finding_keys }));

export class SqlDigestStore implements DigestStore {
  constructor(private readonly db: SqlEngine) {}

  async claimDigestSlot(
    conversationId: string,
    slotIso: string,
    claimedAt: Date = new Date(),
  ): Promise<boolean> {
    const slot = Date.parse(slotIso);
    if (Number.isNaN(slot)) throw new StoreError('invalid', `digest slot is not an ISO date: ${slotIso}`);
    const rows = await this.db.query(
      `INSERT INTO digest_slots (conversation_id, slot_at, claimed_at) VALUES ($1, $2, $3)
       ON CONFLICT (conversation_id, slot_at) DO NOTHING
       RETURNING slot_at`,
      [conversationId, slot, epochMs(claimedAt, 'claimedAt')],
    );
    return rows.length === 1;
  }

  async lastDigest(conversationId: string): Promise<DigestClaim | null> {
    const rows = await this.db.query(
      'SELECT * FROM digest_slots WHERE conversation_id = $1 ORDER BY slot_at DESC LIMIT 1',
      [conversationId],
    );
    return rows[0] ? parseRow(slotRow, rows[0], 'digest_slots') : null;
  }

  async saveFindingSnapshot(scope: string, at: Date, keys: readonly string[]): Promise<void> {
    const sorted = [...new Set(keys)].sort();
    await this.db.query(
      `INSERT INTO finding_snapshots (scope, at, finding_keys) VALUES ($1, $2, $3)
       ON CONFLICT (scope) DO UPDATE SET at = excluded.at, finding_keys = excluded.finding_keys`,
      [scope, epochMs(at, 'at'), JSON.stringify(sorted)],
    );
  }

  async lastFindingSnapshot(scope: string): Promise<FindingSnapshot | null> {
    const rows = await this.db.query('SELECT * FROM finding_snapshots WHERE scope = $1', [scope]);
    return rows[0] ? parseRow(snapshotRow, rows[0], 'finding_snapshots') : null;
  }
}
