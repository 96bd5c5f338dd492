import { Pool, type ClientBase, type PoolClient } from 'pg';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS } from './migrations';
import type { SqlEngine, SqlParam, SqlPlan, SqlRow, SqlStatement } from './sql-engine';
import { StoreError } from './store-error';

/** Plain lower-case identifiers only: the name goes into SET search_path and CREATE SCHEMA. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// SQLSTATEs and socket codes that mean "the database is not there right now".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT', // a unix socket that is gone: the server is stopped
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01']);

export interface PostgresOptions {
  url: string;
  /** a schema of its own (created when missing), e.g. a throw-away one per test run */
  schema?: string;
  /** pool size per replica; default 10 */
  maxConnections?: number;
}

/**
 * The scale-out database on PostgreSQL for several bot replicas. Races are decided by the database:
 * create-only inserts, `version = $n` updates, insert-if-absent slots, and locked writes that hold
 * the rows they read (SELECT … FOR UPDATE) so, e.g., the audit chain never forks.
 */
export class PostgresEngine implements SqlEngine {
  private closed = false;

  private constructor(private readonly pool: Pool) {}

  static async open(options: PostgresOptions): Promise<PostgresEngine> {
    const { schema } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new StoreError('invalid', 'PostgreSQL schema must match [a-z_][a-z0-9_]*');
    }
    // pg-pool awaits this hook before it hands out a new connection; @types/pg types it as void.
    const setSearchPath = (client: ClientBase): Promise<unknown> =>
      client.query(`SET search_path TO "${schema}"`);
    const onConnect = schema === undefined ? undefined : (setSearchPath as (client: ClientBase) => void);
    const pool = new Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      // Never hang a user: fail fast when the server does not answer or a statement is stuck.
      connectionTimeoutMillis: 5000,
      statement_timeout: 15000,
      idleTimeoutMillis: 30000,
      onConnect,
    });
    // An idle connection that dies (server restart) must not crash the bot; the pool replaces it.
    pool.on('error', () => undefined);
    const store = new PostgresEngine(pool);
    try {
      await store.migrate(schema);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw toStoreError(error);
    }
    return store;
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
    this.assertOpen();
    try {
      const result = await this.pool.query<SqlRow>(sql, [...params]);
      return result.rows;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async lockedWrite<T>(read: SqlStatement, plan: (rows: SqlRow[]) => SqlPlan<T>): Promise<T> {
    this.assertOpen();
    try {
      return await this.transaction(async (client) => {
        const rows = (await client.query<SqlRow>(`${read.sql} FOR UPDATE`, [...read.params])).rows;
        const { writes, result } = plan(rows);
        for (const write of writes) await client.query(write.sql, [...write.params]);
        return result;
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the store was closed');
  }

  /** Under a transaction-scoped advisory lock, so replicas starting together migrate once. */
  private async migrate(schema: string | undefined): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `msa-warden:migrate:${schema ?? ''}`,
      ]);
      if (schema !== undefined) {
        // Look first: CREATE SCHEMA IF NOT EXISTS still needs CREATE rights on the database.
        const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        if (found.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
      }
      await client.query(CREATE_MIGRATIONS_TABLE);
      const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(applied.rows.map((row) => Number(row.version)));
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        for (const statement of [...migration.statements, ...(migration.postgres ?? [])])
          await client.query(statement);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
      }
    });
  }

  private async transaction<T>(body: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // The pool listens for errors on idle clients only: a server restart while this one is checked
    // out would emit 'error' with no listener and crash the process. The statement in flight fails
    // on its own; the client is discarded.
    const onError = (): void => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than returned to the pool.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }
}

function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  const unavailable =
    (typeof code === 'string' &&
      (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) ||
    /connection terminated|timeout exceeded when trying to connect|connection timeout/i.test(message);
  return unavailable
    ? new StoreError('unavailable', 'PostgreSQL is not reachable', { cause: error })
    : new StoreError('failed', 'PostgreSQL statement failed', { cause: error });
}
