import { z } from 'zod';
import { ADDRESS_FIELD_LIMITS, conversationAddress } from '../domain/conversation-address';
import type {
  ConversationInput,
  ConversationPurpose,
  ConversationStore,
  StoredConversation,
} from './conversation-store';
import { epochMs, flag, instant, jsonText, parseRow } from './sql-columns';
import type { SqlEngine, SqlRow } from './sql-engine';
import { StoreError } from './store-error';

const conversationRow = z
  .object({
    id: z.string(),
    tenant_id: z.string().nullable(),
    // rows written before migration 3 may hold a whole reference: only the address is read back
    reference: jsonText(z.unknown()).transform((value) =>
      typeof value === 'object' && value !== null ? conversationAddress(value) : null,
    ),
    subscribed_to_digest: flag,
    digest_cron: z.string().nullable(),
    digest_time_zone: z.string().nullable(),
    active: flag,
    inactive_reason: z.string().nullable(),
    inactive_at: instant.nullable(),
    created_at: instant,
    updated_at: instant,
  })
  .transform((row): StoredConversation => ({
    id: row.id,
    tenantId: row.tenant_id,
    reference: row.reference,
    subscribedToDigest: row.subscribed_to_digest,
    digestCron: row.digest_cron,
    digestTimeZone: row.digest_time_zone,
    active: row.active,
    inactiveReason: row.inactive_reason,
    inactiveAt: row.inactive_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

const toConversation = (row: SqlRow): StoredConversation => parseRow(conversationRow, row, 'conversations');

export class SqlConversationStore implements ConversationStore {
  constructor(private readonly db: SqlEngine) {}

  async saveConversation(c: ConversationInput): Promise<StoredConversation> {
    const at = epochMs(c.at, 'at');
    // Only the address is kept, each field bounded: a row is a few hundred bytes whoever sent what.
    const address = conversationAddress(c.reference);
    if (address === null)
      throw new StoreError('invalid', 'the conversation reference is longer than any real one');
    if (
      c.id.length > ADDRESS_FIELD_LIMITS.conversationId ||
      (c.tenantId?.length ?? 0) > ADDRESS_FIELD_LIMITS.tenantId
    )
      throw new StoreError('invalid', 'the conversation or tenant id is longer than any real one');
    const reference = JSON.stringify(address);
    const withDigest =
      c.subscribedToDigest !== undefined || c.digestCron !== undefined || c.digestTimeZone !== undefined;
    const rows = withDigest
      ? await this.db.query(
          `INSERT INTO conversations (id, tenant_id, reference, subscribed_to_digest, digest_cron, digest_time_zone,
             active, inactive_reason, inactive_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 1, NULL, NULL, $7, $7)
           ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, reference = excluded.reference,
             subscribed_to_digest = excluded.subscribed_to_digest, digest_cron = excluded.digest_cron,
             digest_time_zone = excluded.digest_time_zone, active = 1, inactive_reason = NULL, inactive_at = NULL,
             updated_at = excluded.updated_at
           RETURNING *`,
          [
            c.id,
            c.tenantId,
            reference,
            c.subscribedToDigest ? 1 : 0,
            c.digestCron ?? null,
            c.digestTimeZone ?? null,
            at,
          ],
        )
      : await this.db.query(
          `INSERT INTO conversations (id, tenant_id, reference, active, created_at, updated_at)
           VALUES ($1, $2, $3, 1, $4, $4)
           ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, reference = excluded.reference,
             active = 1, inactive_reason = NULL, inactive_at = NULL, updated_at = excluded.updated_at
           RETURNING *`,
          [c.id, c.tenantId, reference, at],
        );
    const row = rows[0];
    if (!row) throw new StoreError('failed', 'the database returned no row');
    return toConversation(row);
  }

  async getConversation(id: string): Promise<StoredConversation | null> {
    const rows = await this.db.query('SELECT * FROM conversations WHERE id = $1', [id]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async listActiveConversations(purpose?: ConversationPurpose): Promise<StoredConversation[]> {
    const digestOnly = purpose === 'digest' ? ' AND subscribed_to_digest = 1' : '';
    const rows = await this.db.query(`SELECT * FROM conversations WHERE active = 1${digestOnly} ORDER BY id`);
    return rows.map(toConversation);
  }

  async markConversationInactive(id: string, reason: string, at: Date): Promise<void> {
    const when = epochMs(at, 'at');
    await this.db.query(
      'UPDATE conversations SET active = 0, inactive_reason = $2, inactive_at = $3, updated_at = $3 WHERE id = $1',
      [id, reason, when],
    );
  }
}
