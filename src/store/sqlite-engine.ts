import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS } from './migrations';
import type { SqlEngine, SqlParam, SqlPlan, SqlRow, SqlStatement } from './sql-engine';
import { StoreError } from './store-error';

/** How long a writer waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

// SQLite result codes (primary code = extended code & 0xff) that mean "try later", not "bug".
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CANTOPEN = 14;

interface Compiled {
  statement: StatementSync;
  /** for each `?` in order, the index of the `$n` parameter it stands for */
  order: number[];
}

/**
 * The embedded store on Node's built-in SQLite. Every transaction runs synchronously from BEGIN to
 * COMMIT, so two stores in one process never wait on each other's open transaction (the busy handler
 * would block the very thread that has to finish it); between processes busy_timeout serialises writers.
 */
export class SqliteEngine implements SqlEngine {
  private readonly statements = new Map<string, Compiled>();
  private closed = false;

  private constructor(private readonly db: DatabaseSync) {}

  /** Opens (creating folder and file as needed) and migrates. `:memory:` gives a private database. */
  static open(path: string): SqliteEngine {
    let db: DatabaseSync;
    try {
      if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
      db = new DatabaseSync(path);
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.exec('PRAGMA journal_mode = WAL');
      // WAL + NORMAL survives a process crash; only an OS crash may lose the last commits.
      db.exec('PRAGMA synchronous = NORMAL');
    } catch (error) {
      throw new StoreError('unavailable', `cannot open SQLite database at ${path}`, { cause: error });
    }
    const store = new SqliteEngine(db);
    try {
      store.migrate();
    } catch (error) {
      db.close();
      throw toStoreError(error);
    }
    return store;
  }

  query(sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
    try {
      this.assertOpen();
      return Promise.resolve(this.all(sql, params));
    } catch (error) {
      return Promise.reject(toStoreError(error));
    }
  }

  lockedWrite<T>(read: SqlStatement, plan: (rows: SqlRow[]) => SqlPlan<T>): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(
        this.transaction(() => {
          const { writes, result } = plan(this.all(read.sql, read.params));
          for (const write of writes) this.all(write.sql, write.params);
          return result;
        }),
      );
    } catch (error) {
      return Promise.reject(toStoreError(error));
    }
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.statements.clear();
      this.db.close();
    }
    return Promise.resolve();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the store was closed');
  }

  private migrate(): void {
    this.transaction(() => {
      this.db.exec(CREATE_MIGRATIONS_TABLE);
      const applied = new Set(
        this.all('SELECT version FROM schema_migrations', []).map((row) => Number(row.version)),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        for (const statement of [...migration.statements, ...(migration.sqlite ?? [])])
          this.db.exec(statement);
        this.all('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
      }
    });
  }

  /** BEGIN IMMEDIATE takes the write lock up front, so the read-then-write inside cannot interleave. */
  private transaction<T>(body: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = body();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private all(sql: string, params: readonly SqlParam[]): SqlRow[] {
    const compiled = this.compile(sql);
    return compiled.statement.all(...compiled.order.map((index) => params[index] ?? null));
  }

  /** The shared SQL numbers its placeholders (`$1`); SQLite gets plain `?` in order of appearance. */
  private compile(sql: string): Compiled {
    let compiled = this.statements.get(sql);
    if (!compiled) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_match, n: string) => {
        order.push(Number(n) - 1);
        return '?';
      });
      compiled = { statement: this.db.prepare(text), order };
      this.statements.set(sql, compiled);
    }
    return compiled;
  }
}

function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { errcode?: unknown }).errcode;
  const primary = typeof code === 'number' ? code & 0xff : -1;
  if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED || primary === SQLITE_CANTOPEN) {
    return new StoreError('unavailable', 'the SQLite database is busy or cannot be opened', { cause: error });
  }
  return new StoreError('failed', 'SQLite statement failed', { cause: error });
}
