import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensurePostgres } from './postgres';

/**
 * A PostgreSQL database of its own for bots started as separate processes: they take DATABASE_URL
 * like `npm start` does, so a schema cannot be handed to them; a whole database can. Dropped by
 * `drop()`, even with bots still connected (a killed bot's connections linger until the server
 * notices).
 */
export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  const serverUrl = await ensurePostgres();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withClient(url: string, run: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
