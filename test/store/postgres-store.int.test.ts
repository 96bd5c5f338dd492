import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openStore } from '../../src/store/open-store';
import { StoreError } from '../../src/store/store-error';
import { ensurePostgres } from '../support/postgres';
import { CONTRACT_AUDIT_KEY, storeContract } from './store-contract';

// A throw-away schema per run, dropped afterwards; DATABASE_URL overrides the local default.
const schema = `msa_warden_test_${randomBytes(6).toString('hex')}`;
let url: string | undefined;
let raw: Client | undefined;

async function databaseUrl(): Promise<string> {
  // Fails (never skips) with a message naming what to do when no PostgreSQL answers.
  url ??= await ensurePostgres();
  return url;
}

async function rawClient(): Promise<Client> {
  if (!raw) {
    raw = new Client({ connectionString: await databaseUrl() });
    await raw.connect();
    await raw.query(`SET search_path TO "${schema}"`);
  }
  return raw;
}

// Adapter-specific cases first: the contract's cleanup drops the schema.
describe('PostgreSQL store', () => {
  it('creates the given schema and keeps its tables there, not in public', async () => {
    const store = await openStore({ kind: 'postgres', url: await databaseUrl(), schema });
    await store.close();
    const found = await (
      await rawClient()
    ).query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'audit_head' AND table_schema = $1",
      [schema],
    );
    expect(found.rows).toEqual([{ table_schema: schema }]);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const attempt = openStore({
      kind: 'postgres',
      url: await databaseUrl(),
      schema: 'x"; drop schema public; --',
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(
      openStore({ kind: 'postgres', url: await databaseUrl(), schema: 'Bad-Name' }),
    ).rejects.toMatchObject({
      reason: 'invalid',
    });
  });

  it('reports a server that does not answer as unavailable', async () => {
    // Port 1 on loopback: nothing listens there.
    const attempt = openStore({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:1/test', schema });
    await expect(attempt).rejects.toMatchObject({ reason: 'unavailable' });
  });
});

storeContract(
  `PostgreSQL (two stores on schema ${schema})`,
  async () => openStore({ kind: 'postgres', url: await databaseUrl(), schema, auditKey: CONTRACT_AUDIT_KEY }),
  async () => {
    const client = await rawClient();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    raw = undefined;
  },
  async (sql, params = []) => (await (await rawClient()).query<Record<string, unknown>>(sql, params)).rows,
  'postgres',
);
