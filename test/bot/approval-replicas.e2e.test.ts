import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AdminDirectory, requestRemoval } from '../support/approval-flow';
import type { Card } from '../support/approval-flow';
import { cardAction, postActivity } from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import { botProcessEnv } from '../support/bot-process-env';
import { cardText } from '../support/card-inspect';
import { openTestStore } from '../support/combined-store';
import type { TestStore } from '../support/combined-store';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { fixTargetDn } from '../support/fix-targets';
import { createThrowawayDatabase } from '../support/throwaway-database';
import type { ThrowawayDatabase } from '../support/throwaway-database';
import { reportFigure } from '../support/report-figure';

/**
 * Two bot processes (src/main.ts, configured by environment) on one PostgreSQL database, as two
 * replicas behind a load balancer: two approvers click Approve on the same request at the same
 * moment, one on each replica, and the same invoke is delivered to both. One change reaches the
 * directory: counted in both bots' logs (each fix logs its steps under the test hook, here without
 * any wait), in AD and in the shared audit trail.
 */

const ACCOUNT = 'fix_once_replicas';
const DN = fixTargetDn(ACCOUNT);
const ROUNDS = 5;

const user = (key: string): HarnessUser => ({
  id: `29:1${key}`,
  name: key,
  // a GUID (ACCESS_APPROVER_IDS takes only GUIDs): the name's hex, unique per test user
  aadObjectId: `aaaaaaaa-0000-4000-8000-${Buffer.from(key).toString('hex').padStart(12, '0').slice(-12)}`,
});
const REQUESTER = user('replreq');
const FIRST = user('replok1');
const SECOND = user('replok2');

let connector: ConnectorServer;
let admin: AdminDirectory;
let database: ThrowawayDatabase;
let dir: string;
let reader: TestStore;
const bots: BotProcess[] = [];

beforeAll(async () => {
  connector = await startConnectorServer();
  admin = await AdminDirectory.open();
  database = await createThrowawayDatabase('msa_warden_replicas');
  dir = mkdtempSync(path.join(tmpdir(), 'msa-warden-replicas-'));
  for (const name of ['a', 'b']) {
    bots.push(
      new BotProcess(
        botProcessEnv({
          store: { kind: 'postgres', url: database.url },
          // each replica its own anchor file, like two machines
          anchorPath: path.join(dir, `${name}.audit-anchor.json`),
          // the step log, no wait; a fix left executing is another replica's for 60 s
          pause: 'before-start:0',
          settleAfter: '60s',
          approverIds: [FIRST.aadObjectId, SECOND.aadObjectId],
        }),
      ),
    );
  }
  await Promise.all(bots.map((b) => b.start()));
  reader = await openTestStore({ kind: 'postgres', url: database.url });
}, 300_000);
afterAll(async () => {
  await Promise.all(bots.map((b) => b.kill()));
  await reader?.close();
  await database?.drop();
  await connector.close();
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
});

it(`two replicas, two approvers and a replayed invoke at once: one change (${ROUNDS} rounds)`, async () => {
  const [a, b] = bots as [BotProcess, BotProcess];
  for (let round = 0; round < ROUNDS; round++) {
    await admin.ensureMember(DN);
    // asked on one replica, decided on both
    const id = await requestRemoval(
      (round % 2 === 0 ? a : b).messagesUrl,
      connector.serviceUrl,
      REQUESTER,
      ACCOUNT,
    );
    const click = (approver: HarnessUser) =>
      cardAction(
        'approval.approve',
        { approvalId: id },
        { serviceUrl: connector.serviceUrl, user: approver },
      );
    const replayed = click(FIRST);
    const answers = await Promise.all([
      postActivity(a.messagesUrl, replayed),
      postActivity(b.messagesUrl, replayed),
      postActivity(a.messagesUrl, click(SECOND)),
      postActivity(b.messagesUrl, click(SECOND)),
      postActivity(b.messagesUrl, click(FIRST)),
      postActivity(a.messagesUrl, click(FIRST)),
    ]);
    const texts = answers.map((answer) => {
      expect(answer.status).toBe(200);
      return cardText((answer.body as { value: Card }).value);
    });
    // one click approved (its card shows the outcome, or "still running" on a slow machine)
    expect(texts.filter((t) => t.includes('This request was already decided'))).toHaveLength(
      answers.length - 1,
    );

    // one write attempt between the two processes, the member value gone, one success recorded
    const writes = bots
      .flatMap((bot) => bot.logs)
      .filter((l) => l.msg === 'test pause: fix step' && l.approvalId === id && l.step === 'before-apply');
    expect(writes).toHaveLength(1);
    expect(await admin.isMember(DN)).toBe(false);
    const trail = (await reader.listAudit({ limit: 10_000 })).filter((e) => e.subject === id);
    const count = (action: string) => trail.filter((e) => e.action === action).length;
    expect(count('approval.approved')).toBe(1);
    expect(count('remediation.started')).toBe(1);
    expect(count('remediation.succeeded')).toBe(1);
    expect(count('approval.refused')).toBe(answers.length - 1);
    expect((await reader.getApproval(id))?.state).toBe('succeeded');
  }
  reportFigure(
    `two bot processes on one PostgreSQL: ${ROUNDS} requests × 6 simultaneous approve invokes → ${ROUNDS} LDAP changes`,
  );
}, 300_000);
