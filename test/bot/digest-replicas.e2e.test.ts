import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/load-config';
import { testLogger } from '../support/test-logger';
import { nextRun } from '../../src/domain/digest-schedule';
import { startBot, type RunningBot } from '../../src/main';
import { channelMessage, postActivity } from '../support/bot-harness';
import { openTestStore, type TestStore } from '../support/combined-store';
import { startConnectorServer, type ConnectorServer } from '../support/connector-server';
import { ensurePostgres } from '../support/postgres';

/**
 * Replicas at the startBot level: whole bots (HTTP server, proactive sender, digest runner, LDAP
 * audit against the Samba DC), each with its own PostgreSQL pool on one throw-away schema, the way two
 * processes share a database. The clock is injected; `digestTimer: false` lets the test tick.
 */
const schema = `msa_warden_replicas_${randomBytes(6).toString('hex')}`;
const CHANNEL = '19:digest-replicas@thread.tacv2';
const DAY_MS = 86_400_000;

let url: string;
let connector: ConnectorServer;
let clock = new Date();
const stores: TestStore[] = [];
const bots: RunningBot[] = [];

async function replica(digestTimer: boolean): Promise<RunningBot> {
  const store = await openTestStore({ kind: 'postgres', url, schema });
  stores.push(store);
  const bot = await startBot(loadConfig(process.env), {
    port: 0,
    host: '127.0.0.1',
    logger: testLogger(),
    now: () => clock,
    store,
    digestTimer,
  });
  bots.push(bot);
  return bot;
}

/** The digest cards posted (the answer to `subscribe digest` is a line of text, without a card). */
const digests = (): unknown[] =>
  connector.activities.filter((a) => a.conversationId === CHANNEL && a.body.attachments !== undefined);

/** The slots of the digest.posted audit entries, oldest first. */
async function postedSlots(): Promise<string[]> {
  const [store] = stores;
  if (store === undefined) throw new Error('no store');
  return (await store.listAudit({ limit: 1000 }))
    .filter((e) => e.action === 'digest.posted' && e.subject === CHANNEL)
    .map((e) => String((e.details as { slot?: unknown }).slot))
    .sort();
}

beforeAll(async () => {
  url = await ensurePostgres();
  connector = await startConnectorServer();
});

afterAll(async () => {
  for (const bot of bots) await bot.stop();
  for (const store of stores) await store.close();
  await connector.close();
  const raw = new Client({ connectionString: url });
  await raw.connect();
  await raw.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await raw.end();
});

let slot: Date;

it('two bots on one PostgreSQL tick the same slot at once: one post', async () => {
  const a = await replica(false);
  const b = await replica(false);
  const subscribed = await postActivity(
    a.messagesUrl,
    channelMessage('subscribe digest daily at 08:00 UTC', {
      serviceUrl: connector.serviceUrl,
      teamId: '19:team-replicas@thread.tacv2',
      channelId: CHANNEL,
    }),
  );
  expect(subscribed.status).toBeLessThan(300);
  await connector.waitForActivities(1, 15_000);

  const next = nextRun('0 8 * * *', 'UTC', clock);
  if (next === null) throw new Error('no next slot');
  slot = next;
  clock = new Date(slot.getTime() + 30_000);
  const reports = await Promise.all([a.digest.tick(), b.digest.tick(), a.digest.tick(), b.digest.tick()]);
  expect(reports.flatMap((r) => r.outcomes)).toHaveLength(1);
  expect(digests()).toHaveLength(1);
  expect(await postedSlots()).toEqual([slot.toISOString()]);
});

it('a bot started after missed slots posts one catch-up, for the latest slot', async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  // every replica was down for three slots
  clock = new Date(slot.getTime() + 3 * DAY_MS + 60_000);
  const latest = new Date(slot.getTime() + 3 * DAY_MS);
  // the real timer: start() ticks at once (the catch-up), then every minute
  const c = await replica(true);
  // the subscription's reply and the first digest came before
  await connector.waitForActivities(3, 30_000);
  // the catch-up is claimed: a tick at the same time, here or on another replica, posts nothing more
  const d = await replica(false);
  expect((await c.digest.tick()).outcomes).toEqual([]);
  expect((await d.digest.tick()).outcomes).toEqual([]);
  expect(digests()).toHaveLength(2);
  expect(await postedSlots()).toEqual([slot.toISOString(), latest.toISOString()]);
});
