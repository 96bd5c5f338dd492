/** A bound value: the shared SQL keeps to text, numbers and NULL. */
export type SqlParam = string | number | null;
/** A row as the driver returns it; parse it (sql-columns.ts) before use. */
export type SqlRow = Record<string, unknown>;

export interface SqlStatement {
  /** SQL both databases understand, with `$1` placeholders */
  sql: string;
  params: readonly SqlParam[];
}

/** The writes a locked read leads to, and what the caller gets back once they are committed. */
export interface SqlPlan<T> {
  writes: readonly SqlStatement[];
  result: T;
}

/**
 * One database behind the concern stores (SQLite or PostgreSQL). Every method throws StoreError:
 * `closed` after close(), `unavailable` or `failed` from the driver.
 */
export interface SqlEngine {
  query(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
  /**
   * In one transaction: reads `read` (a plain SELECT) holding the write lock on what it read, then
   * runs the writes `plan` makes from those rows. `plan` is synchronous so SQLite can keep the lock on
   * this thread; two processes' locked writes never interleave.
   */
  lockedWrite<T>(read: SqlStatement, plan: (rows: SqlRow[]) => SqlPlan<T>): Promise<T>;
  /** Idempotent. */
  close(): Promise<void>;
}
