import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import { openStore } from '../../src/store/open-store';
import { personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import { FakeDirectory } from '../support/fake-directory';
import { reportFigure } from '../support/report-figure';

const BASE_DN = 'DC=corp,DC=example,DC=test';
const dir = mkdtempSync(join(tmpdir(), 'msa-warden-growth-'));
const path = join(dir, 'store.sqlite');
const ENV = {
  LDAP_URL: 'ldaps://127.0.0.1:1',
  LDAP_BIND_DN: `CN=svc-warden,${BASE_DN}`,
  LDAP_BIND_PASSWORD: 'unit-test-password',
  LDAP_BASE_DN: BASE_DN,
  SQLITE_PATH: path,
  ACCESS_OPEN: 'true',
};
const REQUESTS = 100;
/** each of the three padded fields; with the rest an activity is ~600 KB, under the 1 MB body cap */
const PAD = 200_000;

/** The database file and its write-ahead log. */
function storeBytes(): number {
  const size = (file: string): number => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  return size(path) + size(`${path}-wal`);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('conversation storage under hostile activities', () => {
  it(`${REQUESTS} near-megabyte activities in new conversations grow the database by kilobytes`, async () => {
    // the empty schema first, so the growth is what the requests added
    await (await openStore({ kind: 'sqlite', path })).close();
    const before = storeBytes();
    const connector = await startConnectorServer();
    const bot = await startBot(loadConfig(ENV), {
      directory: new FakeDirectory([], []),
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
    });
    let bodyBytes = 0;
    try {
      for (let i = 0; i < REQUESTS; i++) {
        const user = { id: `29:forged-${i}`, name: 'N'.repeat(PAD), aadObjectId: `aad-forged-${i}` };
        const message = personalMessage('help', { serviceUrl: connector.serviceUrl, user });
        // sender details, a conversation name and client junk, as an attacker (or a bug) would send them
        const activity = {
          ...message,
          conversation: { ...(message.conversation as object), name: 'C'.repeat(PAD) },
          entities: [{ type: 'clientInfo', junk: 'J'.repeat(PAD) }],
        };
        bodyBytes += JSON.stringify(activity).length;
        const posted = await postActivity(bot.messagesUrl, activity);
        expect(posted.status).toBeLessThan(300);
      }
      // and ten whose ids are longer than any real one: answered, not kept
      for (let i = 0; i < 10; i++) {
        const message = personalMessage('help', { serviceUrl: connector.serviceUrl });
        const activity = {
          ...message,
          conversation: { ...(message.conversation as object), id: `a:${'x'.repeat(600)}${i}` },
        };
        expect((await postActivity(bot.messagesUrl, activity)).status).toBeLessThan(300);
      }
      await connector.waitForActivities(REQUESTS + 10);
    } finally {
      await bot.stop();
      await connector.close();
    }
    const growth = storeBytes() - before;
    const db = new DatabaseSync(path);
    const rows = db
      .prepare(
        'SELECT count(*) AS n, sum(length(reference)) AS bytes, max(length(reference)) AS biggest FROM conversations',
      )
      .get() as { n: number; bytes: number; biggest: number };
    const stored = (db.prepare('SELECT reference FROM conversations').all() as { reference: string }[])
      .map((row) => row.reference)
      .join('\n');
    db.close();

    reportFigure(
      `conversation storage: ${REQUESTS} activities of ${(bodyBytes / REQUESTS / 1024).toFixed(0)} KB each ` +
        `(${(bodyBytes / 1024 / 1024).toFixed(1)} MB posted) → ${rows.n} conversation rows, ` +
        `${rows.bytes} bytes of references (largest ${rows.biggest} B); whole database incl. audit trail ` +
        `+${(growth / 1024).toFixed(0)} KB`,
    );
    expect(rows.n).toBe(REQUESTS);
    expect(rows.biggest).toBeLessThan(400);
    expect(stored).not.toMatch(/NNNN|CCCC|JJJJ/);
    // ~97 MB before the fix; the audit trail's clipped entries are most of what remains
    expect(growth).toBeLessThan(1024 * 1024);
  }, 120_000);
});
