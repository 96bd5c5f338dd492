import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStore } from '../../src/store/open-store';
import { StoreError } from '../../src/store/store-error';
import { CONTRACT_AUDIT_KEY, storeContract } from './store-contract';

const dir = mkdtempSync(join(tmpdir(), 'msa-warden-sqlite-'));
// A folder that does not exist yet: openStore creates it.
const path = join(dir, 'nested', 'store.db');
let rawDb: DatabaseSync | undefined;

// Adapter-specific cases first: the contract's cleanup removes the folder.
describe('SQLite store', () => {
  it('creates the parent folder and uses WAL mode', async () => {
    const file = join(dir, 'wal', 'a.db');
    const store = await openStore({ kind: 'sqlite', path: file });
    await store.close();
    expect(existsSync(file)).toBe(true);
    const db = new DatabaseSync(file);
    expect({ ...db.prepare('PRAGMA journal_mode').get() }).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('opens a private in-memory database', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const entry = await store.auditTrail.appendAudit({
      at: new Date(0),
      actor: { id: 'system', name: 'msa-warden' },
      action: 'store.opened',
      subject: 'memory',
      details: {},
    });
    expect(entry.seq).toBe(1);
    await store.close();
  });

  it('reports an unopenable path as unavailable', async () => {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const attempt = openStore({ kind: 'sqlite', path: join(notAFolder, 'x.db') });
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(openStore({ kind: 'sqlite', path: join(notAFolder, 'x.db') })).rejects.toMatchObject({
      reason: 'unavailable',
    });
  });
});

storeContract(
  'SQLite (two stores on one file)',
  () => openStore({ kind: 'sqlite', path, auditKey: CONTRACT_AUDIT_KEY }),
  () => {
    rawDb?.close();
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  },
  (sql, params = []) => {
    rawDb ??= new DatabaseSync(path);
    const statement = rawDb.prepare(sql.replace(/\$(\d+)/g, '?$1'));
    return Promise.resolve(statement.all(...params));
  },
  'sqlite',
);
