import { z } from 'zod';
import type { ApprovalCardCopy, ApprovalPosts, ApprovalsChannel } from './approval-posts';
import { epochMs, instant, jsonText, parseRow } from './sql-columns';
import type { SqlEngine } from './sql-engine';

const person = z.object({ aadObjectId: z.string(), name: z.string(), upn: z.string().nullable() });

const channelRow = z
  .object({
    conversation_id: z.string(),
    tenant_id: z.string().nullable(),
    registered_by: jsonText(person),
    registered_at: instant,
  })
  .transform((row): ApprovalsChannel => ({
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    registeredBy: row.registered_by,
    registeredAt: row.registered_at,
  }));

const cardRow = z
  .object({
    approval_id: z.string(),
    conversation_id: z.string(),
    activity_id: z.string(),
    posted_at: instant,
  })
  .transform((row): ApprovalCardCopy => ({
    approvalId: row.approval_id,
    conversationId: row.conversation_id,
    activityId: row.activity_id,
    postedAt: row.posted_at,
  }));

const CHANNEL_COLUMNS = 'conversation_id, tenant_id, registered_by, registered_at';

/** The approvals channel and the approval cards' copies on SQL (tables of migration 3). */
export class SqlApprovalPosts implements ApprovalPosts {
  constructor(private readonly db: SqlEngine) {}

  async setApprovalsChannel(channel: ApprovalsChannel): Promise<ApprovalsChannel | null> {
    const previous = await this.getApprovalsChannel();
    // one row (id 1): the last registration wins
    await this.db.query(
      `INSERT INTO approvals_channel (id, ${CHANNEL_COLUMNS}) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET conversation_id = excluded.conversation_id,
         tenant_id = excluded.tenant_id, registered_by = excluded.registered_by,
         registered_at = excluded.registered_at`,
      [
        channel.conversationId,
        channel.tenantId,
        JSON.stringify(channel.registeredBy),
        epochMs(channel.registeredAt, 'registeredAt'),
      ],
    );
    return previous;
  }

  async getApprovalsChannel(): Promise<ApprovalsChannel | null> {
    const rows = await this.db.query(`SELECT ${CHANNEL_COLUMNS} FROM approvals_channel WHERE id = 1`);
    return rows[0] === undefined ? null : parseRow(channelRow, rows[0], 'approvals_channel');
  }

  async clearApprovalsChannel(): Promise<ApprovalsChannel | null> {
    const rows = await this.db.query(
      `DELETE FROM approvals_channel WHERE id = 1 RETURNING ${CHANNEL_COLUMNS}`,
    );
    return rows[0] === undefined ? null : parseRow(channelRow, rows[0], 'approvals_channel');
  }

  async addApprovalCard(copy: ApprovalCardCopy): Promise<void> {
    await this.db.query(
      `INSERT INTO approval_cards (approval_id, conversation_id, activity_id, posted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (approval_id, conversation_id, activity_id) DO NOTHING`,
      [copy.approvalId, copy.conversationId, copy.activityId, epochMs(copy.postedAt, 'postedAt')],
    );
  }

  async listApprovalCards(approvalId: string): Promise<ApprovalCardCopy[]> {
    const rows = await this.db.query(
      `SELECT approval_id, conversation_id, activity_id, posted_at FROM approval_cards
       WHERE approval_id = $1 ORDER BY posted_at, conversation_id, activity_id`,
      [approvalId],
    );
    return rows.map((row) => parseRow(cardRow, row, 'approval_cards'));
  }
}
