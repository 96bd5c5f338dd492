import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StoredAuditEntry } from '../../src/audit-trail/audit-entry';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import {
  ALEX,
  OTHER_TENANT_ID,
  TENANT_ID,
  cardAction,
  personalMessage,
  postActivity,
} from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { fixtureDeps } from '../support/fake-audit-source';

/*
 * One trail entry per turn, over HTTP: real activities into the bot started by startBot (access
 * guard, router, SQLite store on a file, anchor file beside it), the real access decision in each
 * entry, and `verify audit trail` naming an entry edited in the database by its number.
 */
const NOW = new Date('2025-11-25T09:00:00Z');
const GUS: HarnessUser = { id: '29:1gus', name: 'Gus', aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000a2' };
const OTTO: HarnessUser = {
  id: '29:1otto',
  name: 'Otto',
  aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000a3',
};
const HMAC_KEY = 'every-turn-http-test-hmac-key-0123456789';

let dir: string;
let connector: ConnectorServer;
let bot: RunningBot;
let raw: DatabaseSync;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'msa-warden-trail-'));
  connector = await startConnectorServer();
  const deps = fixtureDeps(NOW);
  const config = loadConfig({
    LDAP_URL: 'ldaps://127.0.0.1:1',
    LDAP_BIND_DN: 'CN=svc-warden,DC=corp,DC=example,DC=test',
    LDAP_BIND_PASSWORD: 'unit-test-password',
    LDAP_BASE_DN: 'DC=corp,DC=example,DC=test',
    SQLITE_PATH: join(dir, 'warden.sqlite'),
    AUDIT_HMAC_KEY: HMAC_KEY,
    ALLOWED_TENANT_IDS: TENANT_ID,
    // Alex is an approver by Entra id; Gus has no role; no AD group, so the directory is not asked
    ACCESS_APPROVER_IDS: ALEX.aadObjectId,
  });
  bot = await startBot(config, {
    directory: deps.directory,
    auditSource: deps.auditSource,
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    now: () => NOW,
    digestTimer: false,
  });
  raw = new DatabaseSync(join(dir, 'warden.sqlite'));
});
afterAll(async () => {
  raw.close();
  await bot.stop();
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(activity: ReturnType<typeof personalMessage>): Promise<string> {
  const before = connector.activities.length;
  const posted = await postActivity(bot.messagesUrl, activity);
  expect(posted.status).toBeLessThan(300);
  // an invoke answers in the HTTP response; a message through the connector
  if (activity.type === 'invoke') return JSON.stringify(posted.body);
  const sent = await connector.waitForActivities(before + 1, 15_000);
  return JSON.stringify(sent.slice(before).map((a) => a.body));
}

const say = (text: string, user: HarnessUser, tenantId = TENANT_ID): Promise<string> =>
  post(personalMessage(text, { serviceUrl: connector.serviceUrl, user, tenantId }));

async function newEntries(step: () => Promise<unknown>): Promise<StoredAuditEntry[]> {
  const [head] = await bot.auditTrail.latest(1);
  await step();
  return bot.auditTrail.listAudit({ afterSeq: head?.seq ?? 0 });
}

describe('the audit trail over HTTP', () => {
  it('records an allowed turn once, with the actor, roles and why', async () => {
    const entries = await newEntries(() => say('find sMSAs on SRV01', ALEX));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { id: ALEX.aadObjectId },
      action: 'turn.message',
      subject: `a:1personal-chat-${ALEX.aadObjectId}`,
      details: {
        actor: {
          teamsId: ALEX.id,
          entraObjectId: ALEX.aadObjectId,
          tenantId: TENANT_ID,
          directoryAccountDn: null,
        },
        asked: { command: 'find-host', text: 'find sMSAs on SRV01' },
        decision: {
          allowed: true,
          requires: 'reader',
          roles: ['reader', 'approver'],
          reason: 'reader as an approver, approver by Entra object id',
        },
        outcome: { status: 'answered' },
      },
    });
  });

  it('records a refused turn once, with no role and the reason, and a refused card click', async () => {
    const reply = await say('audit sMSAs', GUS);
    expect(reply).toContain('not allowed');
    const [typed] = await bot.auditTrail.latest(1);
    expect(typed).toMatchObject({
      actor: { id: GUS.aadObjectId, name: GUS.name },
      details: {
        asked: { command: 'audit-all' },
        decision: { allowed: false, roles: [], reason: expect.stringMatching(/^no role/) as unknown },
        outcome: { status: 'refused' },
      },
    });
    const clicked = await newEntries(() =>
      post(cardAction('show', { account: 'svc_sql01' }, { serviceUrl: connector.serviceUrl, user: GUS })),
    );
    expect(clicked).toHaveLength(1);
    expect(clicked[0]).toMatchObject({
      action: 'turn.card',
      details: { asked: { verb: 'show', data: { account: 'svc_sql01' } }, decision: { allowed: false } },
    });
  });

  it('records a reader asking for the trail as refused: the trail commands are for approvers', async () => {
    const entries = await newEntries(() => say('audit trail', GUS));
    expect(entries[0]?.details).toMatchObject({
      asked: { command: 'audit-trail' },
      decision: { allowed: false, requires: 'approver' },
    });
  });

  it('records a foreign tenant refused before the guard', async () => {
    const entries = await newEntries(() => say('list sMSAs', OTTO, OTHER_TENANT_ID));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({
      actor: { teamsId: OTTO.id, tenantId: OTHER_TENANT_ID },
      asked: { command: 'list', text: 'list sMSAs' },
      decision: {
        allowed: false,
        roles: [],
        reason: `the tenant ${OTHER_TENANT_ID} is not in ALLOWED_TENANT_IDS`,
      },
      outcome: { status: 'refused' },
    });
  });

  it('verifies intact, then names an entry edited in the database by its number', async () => {
    const intact = await say('verify audit trail', ALEX);
    expect(intact).toMatch(/The audit trail is intact: \d+ entries/);
    const [third] = await bot.auditTrail.listAudit({ afterSeq: 2, limit: 1 });
    raw.prepare('UPDATE audit_trail SET subject = ? WHERE seq = ?').run('a:someone-else', third!.seq);
    const broken = await say('verify audit trail', ALEX);
    expect(broken).toContain(`broken at entry #${third!.seq}: its content no longer matches its HMAC`);
    // the verify turns themselves were recorded too, and the anchor followed every append
    expect(await bot.auditTrail.verify()).toMatchObject({
      ok: false,
      seq: third!.seq,
      reason: 'hash-mismatch',
    });
  });
});
