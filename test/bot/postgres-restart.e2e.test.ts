import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { personalMessage, postActivity } from '../support/bot-harness';
import type { HarnessUser } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer, RecordedActivity } from '../support/connector-server';
import { startPrivatePostgres } from '../support/private-postgres';
import type { PrivatePostgres } from '../support/private-postgres';
import { reportFigure } from '../support/report-figure';

/**
 * PostgreSQL restarted under load, over HTTP with the real DC: a private server (never the shared
 * one) is stopped and started while requests keep coming. Every request must get a reply (a card,
 * not a hang); once the server is back every answered turn must be in the audit trail unless its
 * reply said it was not recorded, and the trail must still verify.
 */
const REQUESTS = 60;
const CONCURRENCY = 3;
const STOP_AFTER = 12;
const DOWN_MS = 2000;
const NOT_RECORDED = /not recorded in the audit trail/;

const user = (i: number): HarnessUser => ({
  id: `29:load-${i}`,
  name: `Load ${i}`,
  aadObjectId: `bbbbbbbb-0000-0000-0000-${String(i).padStart(12, '0')}`,
});

interface Outcome {
  i: number;
  status: number | 'failed';
  replies: RecordedActivity[];
}

describe('PostgreSQL restarted under load', () => {
  let postgres: PrivatePostgres;
  let connector: ConnectorServer;
  let bot: RunningBot;
  let files: string;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    files = mkdtempSync(path.join(tmpdir(), 'msa-warden-restart-'));
    connector = await startConnectorServer();
    const config = loadConfig({
      ...process.env,
      STORE: 'postgres',
      DATABASE_URL: postgres.url,
      AUDIT_ANCHOR_PATH: path.join(files, 'audit-anchor.json'),
    });
    bot = await startBot(config, {
      port: 0,
      host: '127.0.0.1',
      digestTimer: false,
      approvalSweepMs: 0,
      logger: createLogger({
        level: 'info',
        write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    await postgres.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('answers every request clearly while it is down, and loses no answered turn from the audit trail', async () => {
    const outcomes: Outcome[] = [];
    let next = 0;
    let downAt = 0;
    let upAt = 0;
    const restarts: Promise<void>[] = [];
    const send = async (i: number): Promise<Outcome> => {
      const activity = personalMessage(`find sMSAs on LOAD-${i}`, {
        serviceUrl: connector.serviceUrl,
        user: user(i),
      });
      const conversation = (activity.conversation as { id: string }).id;
      const status = await postActivity(bot.messagesUrl, activity).then(
        (posted) => posted.status,
        () => 'failed' as const,
      );
      // the POST returns once the bot has sent its replies
      return { i, status, replies: connector.activities.filter((a) => a.conversationId === conversation) };
    };
    const worker = async (): Promise<void> => {
      while (next < REQUESTS) {
        const i = next++;
        if (i === STOP_AFTER) {
          restarts.push(
            (async () => {
              await postgres.stop();
              downAt = performance.now();
              await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
              await postgres.start();
              upAt = performance.now();
            })(),
          );
        }
        outcomes.push(await send(i));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await Promise.all(restarts);
    // and the bot answers as before once the database is back, without a restart
    const after = await send(REQUESTS);
    expect(after.replies.map((r) => JSON.stringify(r.body)).join('')).not.toMatch(NOT_RECORDED);

    const entries = await bot.auditTrail.listAudit({ limit: 1000 });
    const recorded = (i: number): boolean => entries.some((e) => JSON.stringify(e).includes(`LOAD-${i}"`));
    let notRecordedSaid = 0;
    let recordedCount = 0;
    const lost: number[] = [];
    for (const { i, status, replies } of [...outcomes, after]) {
      expect(status).toBe(200);
      expect(replies.length).toBeGreaterThan(0);
      const text = replies.map((r) => JSON.stringify(r.body)).join('\n');
      expect(text).toMatch(/no computer named|not recorded/i);
      if (NOT_RECORDED.test(text)) notRecordedSaid++;
      else if (recorded(i)) recordedCount++;
      else lost.push(i);
    }
    expect(lost).toEqual([]);
    // the restart really happened under the load: some turns met the database down
    expect(notRecordedSaid).toBeGreaterThan(0);
    expect(await bot.auditTrail.verify()).toMatchObject({ ok: true });
    // every "could not record" log line names its turn
    const failures = logs.filter((line) => line.msg === 'could not record the turn in the audit trail');
    expect(failures.length).toBe(notRecordedSaid);
    expect(failures.every((line) => typeof line.ref === 'string')).toBe(true);

    reportFigure(
      `PostgreSQL restart under load: ${REQUESTS + 1} requests, ${recordedCount} answered and recorded, ` +
        `${notRecordedSaid} said "not recorded", ${lost.length} lost; down ${Math.round(upAt - downAt)} ms`,
    );
  }, 120_000);
});
