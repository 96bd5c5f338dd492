/** How far each SIEM sink has acknowledged the audit trail. Every method may throw StoreError. */
export interface AuditSinkCursors {
  /** The last seq a sink (e.g. `azure-monitor`) acknowledged; 0 before the first. */
  auditSinkCursor(sink: string): Promise<number>;
  /** Moves a sink's cursor forward (never back). */
  saveAuditSinkCursor(sink: string, seq: number, at: Date): Promise<void>;
}
