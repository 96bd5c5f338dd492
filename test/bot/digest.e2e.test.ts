import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/load-config';
import { testLogger } from '../support/test-logger';
import { nextRun } from '../../src/domain/digest-schedule';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { startBot, type RunningBot } from '../../src/main';
import { openTestStore } from '../support/combined-store';
import type { TestStore as Store } from '../support/combined-store';
import { texts } from '../support/card-inspect';
import { channelMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer, type ConnectorServer } from '../support/connector-server';
import { testDirectoryOptions } from '../support/dc';
import { expected, seededNow } from '../support/expected-findings';
import { validateCard } from '../support/validate-card';

const CHANNEL = '19:digest-ops@thread.tacv2';
const TEAM = '19:team-ops@thread.tacv2';

/** A connector that answers POSTs with the scripted statuses first, then 200; it records every request. */
async function scriptedConnector(statuses: number[]): Promise<{
  serviceUrl: string;
  requests: { status: number; body: { attachments?: { content: unknown }[] } }[];
  close(): Promise<void>;
}> {
  const requests: { status: number; body: { attachments?: { content: unknown }[] } }[] = [];
  const script = [...statuses];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = script.shift() ?? 200;
      requests.push({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as never });
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(
        JSON.stringify(
          status === 200 ? { id: `sent-${requests.length}` } : { error: { code: 'Nope', message: 'no' } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `Critical` → 3: the counts row of a digest card (each count sits right above its label). */
function countsOf(card: unknown): Record<string, number> {
  const all = texts(card);
  const counts: Record<string, number> = {};
  for (const label of ['Critical', 'High', 'Medium', 'Low', 'Info']) {
    const at = all.indexOf(label);
    counts[label] = Number((all[at - 1] ?? '').replace(/,/g, ''));
  }
  return counts;
}

describe('the digest over HTTP against the Samba DC', () => {
  let connector: ConnectorServer;
  let store: Store;
  let bot: RunningBot;
  let ldap: LdapDirectory;
  let clock: Date;

  async function say(text: string, serviceUrl: string, channelId = CHANNEL): Promise<void> {
    const posted = await postActivity(
      bot.messagesUrl,
      channelMessage(text, { serviceUrl, teamId: TEAM, channelId }),
    );
    expect(posted.status).toBeLessThan(300);
  }

  beforeAll(async () => {
    ldap = new LdapDirectory(testDirectoryOptions());
    clock = await seededNow(ldap);
    connector = await startConnectorServer();
    store = await openTestStore({ kind: 'sqlite', path: ':memory:' });
    bot = await startBot(loadConfig(process.env), {
      port: 0,
      host: '127.0.0.1',
      logger: testLogger(),
      now: () => clock,
      store,
      digestTimer: false,
      digestRetry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 100 },
    });
  });
  afterAll(async () => {
    await bot.stop();
    await store.close();
    await connector.close();
    await ldap.close();
  });

  it('subscribe in a channel, move the clock past the slot: exactly one proactive post with the right counts', async () => {
    await say('subscribe digest daily at 08:00 UTC', connector.serviceUrl);
    const [reply] = await connector.waitForActivities(1, 15_000);
    expect(reply?.body.text).toContain('Subscribed this conversation to the digest, daily at 08:00 (UTC).');
    connector.clear();

    // before the slot: nothing
    await bot.digest.tick();
    expect(connector.activities).toHaveLength(0);

    const slot = nextRun('0 8 * * *', 'UTC', clock);
    if (slot === null) throw new Error('no next slot');
    clock = new Date(slot.getTime() + 30_000);
    await bot.digest.tick();
    await bot.digest.tick();
    expect(connector.activities).toHaveLength(1);
    const [post] = connector.activities;
    // a new post in the channel itself, not a reply in the thread the subscription was typed in
    expect(post?.conversationId).toBe(CHANNEL);
    const card = post?.body.attachments?.[0]?.content;
    expect(validateCard(card)).toEqual([]);
    const counts = countsOf(card);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(expected.findings.length);
    // privileged membership and unconstrained delegation are always critical
    expect(counts.Critical).toBe(
      expected.findings.filter(
        (f) => f.checkId === 'privileged-membership' || f.checkId === 'unconstrained-delegation',
      ).length,
    );
    const [posted] = (await store.listAudit({ limit: 1000 })).filter((e) => e.action === 'digest.posted');
    expect(posted).toMatchObject({
      subject: CHANNEL,
      details: { slot: slot.toISOString(), counts: { total } },
    });

    // the next day, nothing changed in the directory: the digest says so at the top
    clock = new Date(slot.getTime() + 86_400_000 + 30_000);
    await bot.digest.tick();
    expect(connector.activities).toHaveLength(2);
    expect(texts(connector.activities[1]?.body.attachments?.[0]?.content)[0]).toMatch(
      /^Nothing changed since /,
    );
  });

  it('digest status says the schedule in words and the next run', async () => {
    connector.clear();
    await say('digest status', connector.serviceUrl);
    const [reply] = await connector.waitForActivities(1, 15_000);
    expect(reply?.body.text).toMatch(
      /^Subscribed to the digest, daily at 08:00 \(UTC\)\. Next digest: \d{4}-\d\d-\d\d 08:00 UTC\./,
    );
  });

  it('a connector answering 403 deactivates the subscription', async () => {
    const refusing = await scriptedConnector([]);
    const channel = '19:digest-removed@thread.tacv2';
    await say('subscribe digest daily at 09:00 UTC', refusing.serviceUrl, channel);
    expect(refusing.requests).toHaveLength(1);
    const gone = await scriptedConnector([403, 403, 403, 403]);
    // the stored reference now points at a connector that refuses (the bot was removed from the team)
    const stored = await store.getConversation(channel);
    await store.saveConversation({
      id: channel,
      tenantId: stored?.tenantId ?? null,
      reference: { ...(stored?.reference as object), serviceUrl: gone.serviceUrl },
      at: clock,
    });
    clock = new Date(nextRun('0 9 * * *', 'UTC', clock)!.getTime() + 1000);
    await bot.digest.tick();
    expect(gone.requests.map((r) => r.status)).toEqual([403]);
    expect(await store.getConversation(channel)).toMatchObject({ active: false });
    expect((await store.listAudit({ limit: 1000 })).map((e) => e.action)).toContain(
      'digest.subscription-deactivated',
    );
    await refusing.close();
    await gone.close();
  });

  it('a connector answering 503 twice then 200 gets exactly one digest (botbuilder retries inside its HTTP pipeline)', async () => {
    const flaky = await scriptedConnector([]);
    const channel = '19:digest-flaky@thread.tacv2';
    await say('subscribe digest daily at 10:00 UTC', flaky.serviceUrl, channel);
    flaky.requests.length = 0;
    const script = await scriptedConnector([503, 503]);
    const stored = await store.getConversation(channel);
    await store.saveConversation({
      id: channel,
      tenantId: stored?.tenantId ?? null,
      reference: { ...(stored?.reference as object), serviceUrl: script.serviceUrl },
      at: clock,
    });
    clock = new Date(nextRun('0 10 * * *', 'UTC', clock)!.getTime() + 1000);
    await bot.digest.tick();
    expect(script.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(script.requests.filter((r) => r.status === 200 && r.body.attachments !== undefined)).toHaveLength(
      1,
    );
    await flaky.close();
    await script.close();
  });

  it("503 beyond botbuilder's own retries: the runner tries again and still posts exactly once", async () => {
    const flaky = await scriptedConnector([]);
    const channel = '19:digest-flakier@thread.tacv2';
    await say('subscribe digest daily at 11:00 UTC', flaky.serviceUrl, channel);
    // botframework-connector sends a request at most 4 times (3 retries): 6 refusals outlast one attempt
    const script = await scriptedConnector([503, 503, 503, 503, 503, 503]);
    const stored = await store.getConversation(channel);
    await store.saveConversation({
      id: channel,
      tenantId: stored?.tenantId ?? null,
      reference: { ...(stored?.reference as object), serviceUrl: script.serviceUrl },
      at: clock,
    });
    clock = new Date(nextRun('0 11 * * *', 'UTC', clock)!.getTime() + 1000);
    const report = await bot.digest.tick();
    expect(report.outcomes.map((o) => [o.conversationId, o.outcome])).toEqual([
      [channel, { kind: 'posted', slotIso: expect.any(String) as string, attempts: 2 }],
    ]);
    expect(script.requests.map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503, 200]);
    await flaky.close();
    await script.close();
  });
});
