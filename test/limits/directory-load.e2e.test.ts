import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { cardText, numberedUser, personalMessage, postActivity } from '../support/bot-harness';
import { startBotOverHttp, stopBotOverHttp } from '../support/bot-over-http';
import type { ConnectorServer } from '../support/connector-server';
import { reportFigure } from '../support/report-figure';

/**
 * A flood against the real Samba DC over HTTP: 500 messages at once (500 people, so the per-person
 * rate limit stays out of it) never become more directory searches at once than LDAP_MAX_CONCURRENT;
 * every message is answered, with the accounts or with a "busy" card, and /healthz keeps answering.
 */
const MESSAGES = 500;
const MAX_CONCURRENT = 4;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

describe('500 concurrent messages against the Samba DC', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;

  beforeAll(async () => {
    ({ connector, bot } = await startBotOverHttp({
      ...process.env,
      LDAP_MAX_CONCURRENT: String(MAX_CONCURRENT),
      LDAP_MAX_QUEUED: '200',
      LDAP_QUEUE_WAIT_MS: '5000',
    }));
  });
  afterAll(() => stopBotOverHttp({ connector, bot }));

  it('keeps the searches at the cap, answers every message and keeps /healthz up', async () => {
    // connect and bind first, so the flood measures the gate rather than the first bind
    await postActivity(
      bot.messagesUrl,
      personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl }),
    );
    await connector.waitForActivities(1);
    connector.clear();
    bot.directoryGate.resetStats();

    let flooding = true;
    const health: number[] = [];
    const probe = (async () => {
      while (flooding) {
        const started = performance.now();
        const response = await fetch(`${bot.baseUrl}/healthz`);
        expect(response.status).toBe(200);
        await response.text();
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const started = performance.now();
    const answerMs = await Promise.all(
      Array.from({ length: MESSAGES }, async (_, i) => {
        const user = numberedUser('Flood', '0001', i);
        const sent = performance.now();
        const posted = await postActivity(
          bot.messagesUrl,
          personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl, user }),
        );
        expect(posted.status).toBeLessThan(300);
        return performance.now() - sent;
      }),
    );
    const wallMs = performance.now() - started;
    flooding = false;
    await probe;

    const replies = await connector.waitForActivities(MESSAGES, 60_000);
    const busy = replies.filter((reply) => cardText(reply).includes('The directory is busy'));
    const answered = replies.filter(
      (reply) => /svc_sql01/.test(cardText(reply)) && /svc_web01/.test(cardText(reply)),
    );
    const stats = bot.directoryGate.stats();
    const sorted = [...answerMs].sort((a, b) => a - b);
    const healthSorted = [...health].sort((a, b) => a - b);
    reportFigure(
      `directory load: ${MESSAGES} concurrent messages, LDAP_MAX_CONCURRENT=${MAX_CONCURRENT} → peak ${stats.peakActive} ` +
        `searches at once (peak ${stats.peakQueued} waiting), ${stats.started} searches run; ` +
        `${replies.length} answered: ${answered.length} with the accounts, ${busy.length} "busy" ` +
        `(${stats.refusedQueueFull} searches refused with a full queue, ${stats.refusedWaitTimeout} after waiting); ` +
        `answer time p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, ` +
        `max ${sorted.at(-1)!.toFixed(0)} ms, all in ${wallMs.toFixed(0)} ms; ` +
        `/healthz ${health.length} probes, p50 ${percentile(healthSorted, 50).toFixed(0)} ms, ` +
        `max ${(healthSorted.at(-1) ?? Number.NaN).toFixed(0)} ms`,
    );

    expect(stats.peakActive).toBeLessThanOrEqual(MAX_CONCURRENT);
    expect(stats.peakActive).toBe(MAX_CONCURRENT);
    expect(replies).toHaveLength(MESSAGES);
    // every reply is one or the other: nothing half-answered, nothing lost
    expect(answered.length + busy.length).toBe(MESSAGES);
    expect(answered.length).toBeGreaterThan(0);
    expect(health.length).toBeGreaterThan(0);
    expect(stats).toMatchObject({ active: 0, queued: 0 });

    // the flood is over: the next message is answered normally
    connector.clear();
    await postActivity(
      bot.messagesUrl,
      personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl }),
    );
    const [after] = await connector.waitForActivities(1);
    expect(cardText(after!)).toContain('svc_sql01');
  }, 120_000);

  it('answers "busy" at once when no search may wait, and every message still gets a card', async () => {
    const tight = await startBot(
      loadConfig({
        ...process.env,
        LDAP_MAX_CONCURRENT: '1',
        LDAP_MAX_QUEUED: '0',
        LDAP_QUEUE_WAIT_MS: '5000',
      }),
      { port: 0, host: '127.0.0.1', logger: silentLogger },
    );
    try {
      await postActivity(
        tight.messagesUrl,
        personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl }),
      );
      await connector.waitForActivities(1);
      connector.clear();
      tight.directoryGate.resetStats();
      const count = 100;
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          postActivity(
            tight.messagesUrl,
            personalMessage('find sMSAs on SRV01', {
              serviceUrl: connector.serviceUrl,
              user: numberedUser('Tight', '0002', i),
            }),
          ),
        ),
      );
      const replies = await connector.waitForActivities(count, 60_000);
      const busy = replies.filter((reply) => cardText(reply).includes('The directory is busy'));
      const answered = replies.filter((reply) => cardText(reply).includes('svc_sql01'));
      const stats = tight.directoryGate.stats();
      reportFigure(
        `directory load, no queue: ${count} concurrent messages, LDAP_MAX_CONCURRENT=1, LDAP_MAX_QUEUED=0 → ` +
          `peak ${stats.peakActive} search at once; ${answered.length} answered with the accounts, ${busy.length} "busy"`,
      );
      expect(stats.peakActive).toBe(1);
      expect(answered.length + busy.length).toBe(count);
      expect(busy.length).toBeGreaterThan(0);
      expect(stats.refusedQueueFull).toBeGreaterThanOrEqual(busy.length);
    } finally {
      await tight.stop();
    }
  }, 120_000);
});
