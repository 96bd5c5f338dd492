import type { AuditEntryInput, StoredAuditEntry } from '../audit-trail/audit-entry';
import { computeAuditHash } from '../audit-trail/audit-hash';
import { canonicalJson } from '../audit-trail/canonical-json';
import { findSecrets } from '../audit-trail/secret-keys';
import type {
  ApprovalDecision,
  ApprovalFilter,
  ApprovalPatch,
  ApprovalResult,
  ApprovalState,
  AuditQuery,
  ConversationInput,
  ConversationPurpose,
  DigestClaim,
  FindingSnapshot,
  NewApproval,
  Person,
  Store,
  StoredApproval,
  StoredConversation,
} from './store';
import { StoreError } from './store-error';

/** A bound value: the shared SQL keeps to text, numbers and NULL. */
export type SqlParam = string | number | null;
export type SqlRow = Record<string, unknown>;

/** The head of the audit chain as read inside the append lock. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** An entry ready to insert under the lock: the row's values and the entry to return. */
export interface PreparedAuditLink {
  entry: StoredAuditEntry;
  insertSql: string;
  insertParams: SqlParam[];
  updateHeadSql: string;
  updateHeadParams: SqlParam[];
}

export const SELECT_AUDIT_HEAD = 'SELECT seq, hash FROM audit_head WHERE id = 1';

/**
 * The Store over SQL both databases understand (`$1` placeholders, ON CONFLICT, RETURNING). An
 * adapter supplies `query` and the two operations that need a transaction of its dialect: migrations
 * (at open) and the serialised audit append.
 */
export abstract class SqlStore implements Store {
  private closed = false;

  /** Runs one statement with `$n` placeholders and returns its rows. */
  protected abstract query(sql: string, params: readonly SqlParam[]): Promise<SqlRow[]>;
  protected abstract appendPrepared(
    prepare: (head: AuditHead) => PreparedAuditLink,
  ): Promise<StoredAuditEntry>;
  protected abstract release(): Promise<void>;

  private async run(sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
    this.assertOpen();
    return this.query(sql, params);
  }

  protected assertOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the store was closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  // Conversations

  async saveConversation(c: ConversationInput): Promise<StoredConversation> {
    const at = ms(c.at, 'at');
    const reference = JSON.stringify(c.reference ?? null);
    const withDigest =
      c.subscribedToDigest !== undefined || c.digestCron !== undefined || c.digestTimeZone !== undefined;
    const rows = withDigest
      ? await this.run(
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
      : await this.run(
          `INSERT INTO conversations (id, tenant_id, reference, active, created_at, updated_at)
           VALUES ($1, $2, $3, 1, $4, $4)
           ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, reference = excluded.reference,
             active = 1, inactive_reason = NULL, inactive_at = NULL, updated_at = excluded.updated_at
           RETURNING *`,
          [c.id, c.tenantId, reference, at],
        );
    return toConversation(single(rows));
  }

  async getConversation(id: string): Promise<StoredConversation | null> {
    const rows = await this.run('SELECT * FROM conversations WHERE id = $1', [id]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async listActiveConversations(purpose?: ConversationPurpose): Promise<StoredConversation[]> {
    const digestOnly = purpose === 'digest' ? ' AND subscribed_to_digest = 1' : '';
    const rows = await this.run(`SELECT * FROM conversations WHERE active = 1${digestOnly} ORDER BY id`);
    return rows.map(toConversation);
  }

  async markConversationInactive(id: string, reason: string, at: Date): Promise<void> {
    const when = ms(at, 'at');
    await this.run(
      'UPDATE conversations SET active = 0, inactive_reason = $2, inactive_at = $3, updated_at = $3 WHERE id = $1',
      [id, reason, when],
    );
  }

  // Approvals

  async createApproval(a: NewApproval): Promise<StoredApproval> {
    const created = ms(a.createdAt, 'createdAt');
    const rows = await this.run(
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
        ms(a.expiresAt, 'expiresAt'),
        a.conversationId,
        a.cardActivityId,
      ],
    );
    if (!rows[0]) throw new StoreError('duplicate', `approval ${a.id} already exists`);
    return toApproval(rows[0]);
  }

  async getApproval(id: string): Promise<StoredApproval | null> {
    const rows = await this.run('SELECT * FROM approvals WHERE id = $1', [id]);
    return rows[0] ? toApproval(rows[0]) : null;
  }

  async transitionApproval(
    id: string,
    expectedVersion: number,
    patch: ApprovalPatch,
  ): Promise<StoredApproval | null> {
    const params: SqlParam[] = [id, expectedVersion, ms(patch.updatedAt, 'updatedAt')];
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
    if (patch.expiresAt !== undefined) set('expires_at', ms(patch.expiresAt, 'expiresAt'));
    if (patch.conversationId !== undefined) set('conversation_id', patch.conversationId);
    if (patch.cardActivityId !== undefined) set('card_activity_id', patch.cardActivityId);
    const rows = await this.run(
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
      params.push(ms(filter.olderThan, 'olderThan'));
      where.push(`created_at < $${params.length}`);
    }
    if (filter.expiresBefore !== undefined) {
      params.push(ms(filter.expiresBefore, 'expiresBefore'));
      where.push(`expires_at < $${params.length}`);
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.run(`SELECT * FROM approvals${clause} ORDER BY created_at, id`, params);
    return rows.map(toApproval);
  }

  // Audit trail

  async appendAudit(input: AuditEntryInput): Promise<StoredAuditEntry> {
    const secrets = findSecrets(input.details);
    if (secrets.length > 0) {
      // Name the keys, never the values.
      throw new StoreError('secret-in-audit', `audit details hold secrets at: ${secrets.join(', ')}`);
    }
    const at = ms(input.at, 'at');
    // Hash and store the details exactly as they will read back.
    const detailsJson = canonicalJson(input.details);
    const entryBase: AuditEntryInput = {
      at: new Date(at),
      actor: { id: input.actor.id, name: input.actor.name },
      action: input.action,
      subject: input.subject,
      details: JSON.parse(detailsJson) as AuditEntryInput['details'],
    };
    this.assertOpen();
    return this.appendPrepared((head) => {
      const seq = head.seq + 1;
      const hash = computeAuditHash(head.hash, seq, entryBase);
      return {
        entry: { ...entryBase, seq, prevHash: head.hash, hash },
        insertSql: `INSERT INTO audit_trail (seq, at, actor_id, actor_name, action, subject, details, prev_hash, hash)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        insertParams: [
          seq,
          at,
          entryBase.actor.id,
          entryBase.actor.name,
          input.action,
          input.subject,
          detailsJson,
          head.hash,
          hash,
        ],
        updateHeadSql: 'UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1',
        updateHeadParams: [seq, hash],
      };
    });
  }

  async listAudit(query: AuditQuery = {}): Promise<StoredAuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (query.afterSeq !== undefined) {
      params.push(query.afterSeq);
      where.push(`seq > $${params.length}`);
    }
    if (query.beforeSeq !== undefined) {
      params.push(query.beforeSeq);
      where.push(`seq < $${params.length}`);
    }
    params.push(limit);
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const order = query.order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.run(
      `SELECT * FROM audit_trail${clause} ORDER BY seq ${order} LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAuditEntry);
  }

  // Digest

  async claimDigestSlot(
    conversationId: string,
    slotIso: string,
    claimedAt: Date = new Date(),
  ): Promise<boolean> {
    const slot = Date.parse(slotIso);
    if (Number.isNaN(slot)) throw new StoreError('invalid', `digest slot is not an ISO date: ${slotIso}`);
    const rows = await this.run(
      `INSERT INTO digest_slots (conversation_id, slot_at, claimed_at) VALUES ($1, $2, $3)
       ON CONFLICT (conversation_id, slot_at) DO NOTHING
       RETURNING slot_at`,
      [conversationId, slot, ms(claimedAt, 'claimedAt')],
    );
    return rows.length === 1;
  }

  async lastDigest(conversationId: string): Promise<DigestClaim | null> {
    const rows = await this.run(
      'SELECT * FROM digest_slots WHERE conversation_id = $1 ORDER BY slot_at DESC LIMIT 1',
      [conversationId],
    );
    const row = rows[0];
    if (!row) return null;
    const slotAt = date(row.slot_at);
    return {
      conversationId: str(row.conversation_id),
      slotIso: slotAt.toISOString(),
      slotAt,
      claimedAt: date(row.claimed_at),
    };
  }

  async saveFindingSnapshot(scope: string, at: Date, keys: readonly string[]): Promise<void> {
    const sorted = [...new Set(keys)].sort();
    await this.run(
      `INSERT INTO finding_snapshots (scope, at, finding_keys) VALUES ($1, $2, $3)
       ON CONFLICT (scope) DO UPDATE SET at = excluded.at, finding_keys = excluded.finding_keys`,
      [scope, ms(at, 'at'), JSON.stringify(sorted)],
    );
  }

  async lastFindingSnapshot(scope: string): Promise<FindingSnapshot | null> {
    const rows = await this.run('SELECT * FROM finding_snapshots WHERE scope = $1', [scope]);
    const row = rows[0];
    if (!row) return null;
    return { scope: str(row.scope), at: date(row.at), keys: json(row.finding_keys) as string[] };
  }
}

// Row mapping. PostgreSQL returns BIGINT as a string, SQLite as a number: Number() reads both.

function single(rows: SqlRow[]): SqlRow {
  const row = rows[0];
  if (!row) throw new StoreError('failed', 'the database returned no row');
  return row;
}

function ms(value: Date, field: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new StoreError('invalid', `${field} is not a valid Date`);
  return time;
}

function num(value: unknown): number {
  return Number(value);
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new StoreError('failed', `unexpected column value of type ${typeof value}`);
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

function date(value: unknown): Date {
  return new Date(Number(value));
}

function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value);
}

function json(value: unknown): unknown {
  return value === null || value === undefined ? null : JSON.parse(str(value));
}

function toConversation(row: SqlRow): StoredConversation {
  return {
    id: str(row.id),
    tenantId: strOrNull(row.tenant_id),
    reference: json(row.reference),
    subscribedToDigest: num(row.subscribed_to_digest) === 1,
    digestCron: strOrNull(row.digest_cron),
    digestTimeZone: strOrNull(row.digest_time_zone),
    active: num(row.active) === 1,
    inactiveReason: strOrNull(row.inactive_reason),
    inactiveAt: dateOrNull(row.inactive_at),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

interface StoredDecisionJson {
  by: Person;
  at: string;
  decision: ApprovalDecision['decision'];
}

function toApproval(row: SqlRow): StoredApproval {
  const decisions = json(row.decisions) as StoredDecisionJson[];
  return {
    id: str(row.id),
    action: { kind: str(row.action_kind), params: json(row.action_params) },
    account: { sid: str(row.account_sid), name: str(row.account_name) },
    requestedBy: json(row.requested_by) as Person,
    decisions: decisions.map((d) => ({ by: d.by, at: new Date(d.at), decision: d.decision })),
    state: str(row.state) as ApprovalState,
    version: num(row.version),
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    updatedAt: date(row.updated_at),
    result: json(row.result) as ApprovalResult | null,
    conversationId: strOrNull(row.conversation_id),
    cardActivityId: strOrNull(row.card_activity_id),
  };
}

function toAuditEntry(row: SqlRow): StoredAuditEntry {
  return {
    seq: num(row.seq),
    at: date(row.at),
    actor: { id: str(row.actor_id), name: str(row.actor_name) },
    action: str(row.action),
    subject: str(row.subject),
    details: json(row.details) as StoredAuditEntry['details'],
    prevHash: str(row.prev_hash),
    hash: str(row.hash),
  };
}

export function toAuditHead(row: SqlRow | undefined): AuditHead {
  if (!row) throw new StoreError('failed', 'audit_head row is missing');
  return { seq: num(row.seq), hash: str(row.hash) };
}
