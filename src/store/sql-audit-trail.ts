import { z } from 'zod';
import type { AuditEntryInput, StoredAuditEntry } from '../audit-trail/audit-entry';
import { computeAuditHash, type AuditKey } from '../audit-trail/audit-hash';
import { canonicalJson } from '../audit-trail/canonical-json';
import { findSecrets } from '../domain/redact-secrets';
import type { AuditQuery, AuditTrail } from './audit-trail';
import { epochMs, instant, integer, jsonText, parseRow } from './sql-columns';
import type { SqlEngine, SqlParam } from './sql-engine';
import { StoreError } from './store-error';

const auditRow = z
  .object({
    seq: integer,
    at: instant,
    actor_id: z.string(),
    actor_name: z.string(),
    action: z.string(),
    subject: z.string(),
    // z.custom keeps the parsed object as it is: z.record would rebuild it and drop a `__proto__`
    // member, so a verifier would hash something other than what was stored
    details: jsonText(z.custom<Record<string, unknown>>(isPlainObject, 'a JSON object')),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .transform((row): StoredAuditEntry => ({
    seq: row.seq,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action,
    subject: row.subject,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const headRow = z.object({ seq: integer, hash: z.string() });

/**
 * The audit trail on SQL: appends lock the single `audit_head` row, so the chain never forks.
 * `auditKey` keys the links with HMAC-SHA256 (AUDIT_HMAC_KEY); without it they are plain SHA-256
 * (stores opened for unit tests only: the bot always passes a key).
 */
export class SqlAuditTrail implements AuditTrail {
  constructor(
    private readonly db: SqlEngine,
    private readonly auditKey?: AuditKey,
  ) {}

  async appendAudit(input: AuditEntryInput): Promise<StoredAuditEntry> {
    const secrets = findSecrets(input.details);
    if (secrets.length > 0) {
      // Name the keys, never the values.
      throw new StoreError('secret-in-audit', `audit details hold secrets at: ${secrets.join(', ')}`);
    }
    const at = epochMs(input.at, 'at');
    // Hash and store the details exactly as they will read back; text columns too (asText).
    const detailsJson = canonicalJson(input.details);
    const entryBase: AuditEntryInput = {
      at: new Date(at),
      actor: { id: asText(input.actor.id), name: asText(input.actor.name) },
      action: asText(input.action),
      subject: asText(input.subject),
      details: JSON.parse(detailsJson) as AuditEntryInput['details'],
    };
    return this.db.lockedWrite(
      { sql: 'SELECT seq, hash FROM audit_head WHERE id = 1', params: [] },
      (rows) => {
        if (!rows[0]) throw new StoreError('failed', 'audit_head row is missing');
        const head = parseRow(headRow, rows[0], 'audit_head');
        const seq = head.seq + 1;
        const hash = computeAuditHash(head.hash, seq, entryBase, this.auditKey);
        return {
          writes: [
            {
              sql: `INSERT INTO audit_trail (seq, at, actor_id, actor_name, action, subject, details, prev_hash, hash)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              params: [
                seq,
                at,
                entryBase.actor.id,
                entryBase.actor.name,
                entryBase.action,
                entryBase.subject,
                detailsJson,
                head.hash,
                hash,
              ],
            },
            { sql: 'UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', params: [seq, hash] },
          ],
          result: { ...entryBase, seq, prevHash: head.hash, hash },
        };
      },
    );
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
    const rows = await this.db.query(
      `SELECT * FROM audit_trail${clause} ORDER BY seq ${order} LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => parseRow(auditRow, row, 'audit_trail'));
  }
}

/**
 * A string as a UTF-8 text column gives it back: a lone surrogate (user text can hold one, e.g. a
 * forged request id that becomes a subject) reads back as U+FFFD, so it is hashed as U+FFFD.
 */
function asText(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
