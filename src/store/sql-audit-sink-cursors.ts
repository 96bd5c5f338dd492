import { z } from 'zod';
import type { AuditSinkCursors } from './audit-sink-cursors';
import { epochMs, integer, parseRow } from './sql-columns';
import type { SqlEngine } from './sql-engine';

const cursorRow = z.object({ seq: integer });

/** The SIEM sinks' cursors on SQL (table `audit_sink_cursors`, migration 2). */
export class SqlAuditSinkCursors implements AuditSinkCursors {
  constructor(private readonly db: SqlEngine) {}

  async auditSinkCursor(sink: string): Promise<number> {
    const rows = await this.db.query('SELECT seq FROM audit_sink_cursors WHERE sink = $1', [sink]);
    return rows[0] === undefined ? 0 : parseRow(cursorRow, rows[0], 'audit_sink_cursors').seq;
  }

  async saveAuditSinkCursor(sink: string, seq: number, at: Date): Promise<void> {
    // never backwards: a slow replica must not make the sink resend what it already acknowledged
    await this.db.query(
      `INSERT INTO audit_sink_cursors (sink, seq, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (sink) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at
       WHERE audit_sink_cursors.seq < excluded.seq`,
      [sink, seq, epochMs(at, 'at')],
    );
  }
}
