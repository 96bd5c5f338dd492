import { z } from 'zod';
import {
  APPROVAL_DECISIONS,
  APPROVAL_STATES,
  type ApprovalFilter,
  type ApprovalPatch,
  type ApprovalStore,
  type NewApproval,
  type StoredApproval,
} from './approval-store';
import { epochMs, instant, integer, jsonText, parseRow } from './sql-columns';
import type { SqlEngine, SqlParam, SqlRow } from './sql-engine';
import { StoreError } from './store-error';

const person = z.object({ aadObjectId: z.string(), name: z.string(), upn: z.string().nullable() });

// Decisions are kept as JSON, their instants as ISO strings.
const decision = z.object({
  by: person,
  at: z.iso.datetime().transform((iso) => new Date(iso)),
  decision: z.enum(APPROVAL_DECISIONS),
});

const result = z.object({
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  errorReason: z.string().optional(),
  message: z.string().optional(),
  undo: z.unknown().optional(),
  described: z
    .object({ summary: z.string(), attribute: z.string(), before: z.string(), after: z.string() })
    .optional(),
});

const approvalRow = z
  .object({
    id: z.string(),
    action_kind: z.string(),
    action_params: jsonText(z.unknown()),
    account_sid: z.string(),
    account_name: z.string(),
    requested_by: jsonText(person),
    decisions: jsonText(z.array(decision)),
    state: z.enum(APPROVAL_STATES),
    version: integer,
    created_at: instant,
    expires_at: instant,
    updated_at: instant,
    result: jsonText(result.nullable()).nullable(),
    conversation_id: z.string().nullable(),
    card_activity_id: z.string().nullable(),
  })
  .transform((row): StoredApproval => ({
    id: row.id,
    action: { kind: row.action_kind, params: row.action_params },
    account: { sid: row.account_sid, name: row.account_name },
    requestedBy: row.requested_by,
    decisions: row.decisions,
    state: row.state,
    version: row.version,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    result: row.result,
    conversationId: row.conversation_id,
    cardActivityId: row.card_activity_id,
  }));

const toApproval = (row: SqlRow): StoredApproval => parseRow(approvalRow, row, 'approvals');

export class SqlApprovalStore implements ApprovalStore {
  constructor(private readonly db: SqlEngine) {}

  async createApproval(a: NewApproval): Promise<StoredApproval> {
    const created = epochMs(a.createdAt, 'createdAt');
    const rows = await this.db.query(
      `INSERT INTO approvals (id, action_kind, action_params, account_sid, account_name, requested_by, decisions,
         state, version, created_at, expires_at, updated_at, result, conversation_id, card_activity_id)
       VALUES ($1, $2, $3, $4, $5, $6, '[]', 'requested', 1, $7, $8, $7, NULL, $9, $10)
       ON CONFLICT (id) DO NOTHING
       RETURNING *`,
      [
        a.id,
        a.action.kind,
        JSON.stringify(a.action.params ?? null),
        a.account.sid,
        a.account.name,
        JSON.stringify(a.requestedBy),
        created,
        epochMs(a.expiresAt, 'expiresAt'),
        a.conversationId,
        a.cardActivityId,
      ],
    );
    if (!rows[0]) throw new StoreError('duplicate', `approval ${a.id} already exists`);
    return toApproval(rows[0]);
  }

  async getApproval(id: string): Promise<StoredApproval | null> {
    const rows = await this.db.query('SELECT * FROM approvals WHERE id = $1', [id]);
    return rows[0] ? toApproval(rows[0]) : null;
  }

  async transitionApproval(
    id: string,
    expectedVersion: number,
    patch: ApprovalPatch,
  ): Promise<StoredApproval | null> {
    const params: SqlParam[] = [id, expectedVersion, epochMs(patch.updatedAt, 'updatedAt')];
    // Column names come from this fixed list, never from input.
    const sets = ['version = version + 1', 'updated_at = $3'];
    const set = (column: string, value: SqlParam): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.decisions !== undefined) set('decisions', JSON.stringify(patch.decisions));
    if (patch.result !== undefined)
      set('result', patch.result === null ? null : JSON.stringify(patch.result));
    if (patch.expiresAt !== undefined) set('expires_at', epochMs(patch.expiresAt, 'expiresAt'));
    if (patch.conversationId !== undefined) set('conversation_id', patch.conversationId);
    if (patch.cardActivityId !== undefined) set('card_activity_id', patch.cardActivityId);
    const rows = await this.db.query(
      `UPDATE approvals SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
      params,
    );
    return rows[0] ? toApproval(rows[0]) : null;
  }

  async listApprovals(filter: ApprovalFilter = {}): Promise<StoredApproval[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      const marks = filter.states.map((state) => {
        params.push(state);
        return `$${params.length}`;
      });
      where.push(`state IN (${marks.join(', ')})`);
    }
    if (filter.olderThan !== undefined) {
      params.push(epochMs(filter.olderThan, 'olderThan'));
      where.push(`created_at < $${params.length}`);
    }
    if (filter.expiresBefore !== undefined) {
      params.push(epochMs(filter.expiresBefore, 'expiresBefore'));
      where.push(`expires_at < $${params.length}`);
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.query(`SELECT * FROM approvals${clause} ORDER BY created_at, id`, params);
    return rows.map(toApproval);
  }
}
