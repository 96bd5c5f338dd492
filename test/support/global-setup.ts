import { startTestDirectory } from './dc';
import { ensurePostgres } from './postgres';

/**
 * jest globalSetup of the "integration" project: starts (or reuses) the Samba AD DC and puts its
 * LDAP_* settings into process.env, which the test workers inherit; does the same for PostgreSQL. Throws when the DC cannot
 * start: integration tests never skip.
 */
export default async function globalSetup(): Promise<void> {
  const env = await startTestDirectory();
  for (const [key, value] of Object.entries(env)) process.env[key] = value;

  // The store contract runs on PostgreSQL too; start the local cluster when it is stopped.
  process.env.DATABASE_URL = await ensurePostgres();
  // Bots started by tests keep their conversations in memory, not in the working tree.
  process.env.SQLITE_PATH ??= ':memory:';
  // Bots started from process.env answer everyone: those tests are about commands. The access tests
  // (test/access/) and the Playground test configure the role groups themselves.
  if (process.env.ACCESS_READERS_GROUP === undefined && process.env.ACCESS_APPROVERS_GROUP === undefined)
    process.env.ACCESS_OPEN ??= 'true';
  // Those tests send many messages as one person; test/limits/ sets its own rate limit.
  process.env.RATE_LIMIT_PER_MINUTE ??= '0';
}
