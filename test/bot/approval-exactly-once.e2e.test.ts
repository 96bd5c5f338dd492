import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { LdapDirectoryWriter } from '../../src/directory/ldap-directory-writer';
import type { DirectoryWriter } from '../../src/domain/directory-writer';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { AdminDirectory, requestRemoval } from '../support/approval-flow';
import type { Card } from '../support/approval-flow';
import { TENANT_ID, cardAction, postActivity } from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { cardText } from '../support/card-inspect';
import { openTestStore } from '../support/combined-store';
import type { TestStore } from '../support/combined-store';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { FIX_TARGETS_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';
import { ensurePostgres } from '../support/postgres';
import { validateCard } from '../support/validate-card';
import { CountingWriter } from '../support/counting-writer';
import { reportFigure } from '../support/report-figure';

/**
 * Exactly once, over HTTP against the Samba DC, on both stores: 20 approve invokes on one request
 * at the same moment — two approvers at once, new clicks and one invoke replayed as is — reach the
 * directory once. Measured where it counts: the writes that reached the DC (a counting writer), the
 * member value in AD (read as Administrator), and the audit trail (one approval, one start, one
 * success; every other click refused and recorded). Roles come from the AD groups of
 * 60-access-people.ldif; Ivy approves by Entra id.
 */

const user = (key: string): HarnessUser => ({
  id: `29:1${key}`,
  name: key,
  aadObjectId: `aaaaaaaa-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
});
const RHEA = user('rhea'); // reader: requests
const NORA = user('nora'); // approver through a nested group
const IVY: HarnessUser = { id: '29:1ivy', name: 'ivy', aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000f1' };
const CLICKS = 20;

let connector: ConnectorServer;
let admin: AdminDirectory;
let targets: LdapDirectory;
let dir: string;
let pgUrl: string;
const schema = `msa_warden_once_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  connector = await startConnectorServer();
  for (const [p, upn] of [
    [RHEA, 'rhea@corp.example.test'],
    [NORA, 'nora@corp.example.test'],
    [IVY, 'ivy@partner.example.test'],
  ] as const) {
    connector.setMember({ ...p, userPrincipalName: upn, tenantId: TENANT_ID });
  }
  admin = await AdminDirectory.open();
  targets = new LdapDirectory(testDirectoryOptions({ baseDn: FIX_TARGETS_DN }));
  dir = mkdtempSync(path.join(tmpdir(), 'msa-warden-once-'));
  pgUrl = await ensurePostgres();
});
afterAll(async () => {
  await targets.close();
  await connector.close();
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
  const raw = new PgClient({ connectionString: pgUrl });
  await raw.connect();
  await raw.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await raw.end();
});

async function startWith(store: TestStore, writer: DirectoryWriter): Promise<RunningBot> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ACCESS_READERS_GROUP: 'msa-warden-readers',
    ACCESS_APPROVERS_GROUP: `CN=msa-warden-approvers,OU=Groups,${requiredEnv('LDAP_BASE_DN')}`,
    ACCESS_APPROVER_IDS: IVY.aadObjectId,
    ALLOWED_TENANT_IDS: TENANT_ID,
  };
  delete env.ACCESS_OPEN;
  return startBot(loadConfig(env), {
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    directory: targets,
    directoryWriter: writer,
    store,
    digestTimer: false,
    approvalSweepMs: 0,
    approvalExecutionWaitMs: 20_000,
  });
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (kind) => {
  const account = kind === 'sqlite' ? 'fix_once_sqlite' : 'fix_once_pg';
  const dn = fixTargetDn(account);
  let store: TestStore;
  let writer: CountingWriter;
  let bot: RunningBot;

  beforeAll(async () => {
    store = await openTestStore(
      kind === 'sqlite'
        ? { kind, path: path.join(dir, 'once.sqlite') }
        : { kind, url: pgUrl, schema, maxConnections: 10 },
    );
    writer = new CountingWriter(
      new LdapDirectoryWriter({
        urls: requiredEnv('LDAP_URL').split(','),
        bindDn: requiredEnv('LDAP_FIX_BIND_DN'),
        bindPassword: requiredEnv('LDAP_FIX_BIND_PASSWORD'),
        caCertPem: testCaPem(),
        startTls: false,
        timeoutMs: 20_000,
        connectTimeoutMs: 10_000,
      }),
    );
    bot = await startWith(store, writer);
  });
  afterAll(async () => {
    await bot.stop();
    await writer.close();
    await store.close();
  });

  it(`${CLICKS} approve invokes at once (two approvers, one replayed): one LDAP change, one succeeded entry`, async () => {
    await admin.ensureMember(dn);
    const id = await requestRemoval(bot.messagesUrl, connector.serviceUrl, RHEA, account);
    const replayed = cardAction(
      'approval.approve',
      { approvalId: id },
      { serviceUrl: connector.serviceUrl, user: NORA },
    );
    const invokes = Array.from({ length: CLICKS }, (_, i) =>
      i % 4 === 0
        ? replayed // the same activity, id and all, delivered again
        : cardAction(
            'approval.approve',
            { approvalId: id },
            { serviceUrl: connector.serviceUrl, user: i % 2 === 0 ? NORA : IVY },
          ),
    );
    const writesBefore = writer.writes.length;
    const started = performance.now();
    const answers = await Promise.all(invokes.map((activity) => postActivity(bot.messagesUrl, activity)));
    const ms = performance.now() - started;

    const cards = answers.map((a) => {
      expect(a.status).toBe(200);
      const card = (a.body as { value: Card }).value;
      expect(validateCard(card)).toEqual([]);
      return cardText(card);
    });
    // the directory: one write, the member value gone
    const writes = writer.writes.slice(writesBefore);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ kind: 'remove-values', attribute: 'member' });
    expect(await admin.isMember(dn)).toBe(false);
    // the trail: one approval, one start, one success; the other 19 clicks refused and recorded
    const trail = (await store.listAudit({ limit: 10_000, order: 'asc' })).filter((e) => e.subject === id);
    const count = (action: string) => trail.filter((e) => e.action === action).length;
    expect(count('approval.approved')).toBe(1);
    expect(count('remediation.started')).toBe(1);
    expect(count('remediation.succeeded')).toBe(1);
    expect(count('approval.refused')).toBe(CLICKS - 1);
    for (const refused of trail.filter((e) => e.action === 'approval.refused'))
      expect(refused.details).toMatchObject({ command: 'approve', refusal: 'not-pending' });
    expect((await store.getApproval(id))?.state).toBe('succeeded');
    // every click was answered: one with the outcome, the others that it was already decided
    const winners = cards.filter((t) => !t.includes('This request was already decided'));
    expect(winners).toHaveLength(1);
    expect(winners[0]).toContain('Result:');
    expect(winners[0]).toContain('changed in');
    reportFigure(
      `exactly once (${kind}): ${CLICKS} approve invokes in ${Math.round(ms)} ms → ${writes.length} LDAP change, ` +
        `${count('remediation.succeeded')} succeeded entry, ${count('approval.refused')} refused`,
    );
  });
});
