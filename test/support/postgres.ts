import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/test';
const START_WAIT_MS = 30_000;

/**
 * A PostgreSQL URL for integration tests: DATABASE_URL, or the machine's local cluster on
 * 127.0.0.1:5432 (trust auth, database `test`), started with pg_ctlcluster when it is down.
 * Throws, naming what to do, when no server can be reached; tests never skip for lack of one.
 */
export async function ensurePostgres(): Promise<string> {
  const url = process.env.DATABASE_URL ?? DEFAULT_URL;
  const first = await probe(url);
  if (first === null) return url;
  // Only a server that is down is ours to start; a wrong database or role is a setup to fix.
  const down = /ECONNREFUSED|connect ENOENT/.test(first);
  if (
    down &&
    process.env.DATABASE_URL === undefined &&
    existsSync('/usr/bin/pg_ctlcluster') &&
    existsSync('/etc/postgresql')
  ) {
    const version = newestClusterVersion();
    if (version !== null) {
      await promisify(execFile)('pg_ctlcluster', [
        '--skip-systemctl-redirect',
        version,
        'main',
        'start',
      ]).catch(
        () => undefined, // "already running" is fine; the probe below decides
      );
      const deadline = Date.now() + START_WAIT_MS;
      let last = first;
      while (Date.now() < deadline) {
        const failure = await probe(url);
        if (failure === null) return url;
        last = failure;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`PostgreSQL ${version} was started but ${redact(url)} does not answer: ${last}`);
    }
  }
  throw new Error(
    `PostgreSQL is not reachable at ${redact(url)} (${first}). Start a server with trust auth for user ` +
      `postgres and a database "test" on 127.0.0.1:5432 (Debian: apt-get install postgresql; ` +
      `pg_ctlcluster <version> main start; createdb -U postgres test), or set DATABASE_URL.`,
  );
}

/** null when `select 1` works, otherwise why not. */
async function probe(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function newestClusterVersion(): string | null {
  const versions = readdirSync('/etc/postgresql')
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ?? null;
}

/** Never print a password from a URL. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
