import type { ChatApp } from '../../src/bot/chat-app';
import { createBotServer } from '../../src/bot/create-server';
import type { BotServer } from '../../src/bot/create-server';
import type { ReadinessReport } from '../../src/bot/readiness';
import { WardenBot } from '../../src/bot/warden-bot';
import type { CardReply } from '../../src/cards/card-reply';
import type { BotAuthConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import type { Logger } from '../../src/config/logger';
import { cardAction, personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';

const ANONYMOUS: BotAuthConfig = { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' };
const reply = (text: string): CardReply => ({
  cards: [{ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] }],
  summary: text,
});

interface Running {
  server: BotServer;
  baseUrl: string;
  connector: ConnectorServer;
  lines: Record<string, unknown>[];
}

let running: Running | null = null;
afterEach(async () => {
  await running?.server.close();
  await running?.connector.close();
  running = null;
});

/**
 * A bot whose app logs the way the directory and the store do: through loggers of their own made
 * before any turn (so only the turn context can give them the turn's id).
 */
async function start(
  app: (directoryLog: Logger, storeLog: Logger) => ChatApp,
  readiness?: () => Promise<ReadinessReport>,
): Promise<Running> {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const bot = new WardenBot({
    app: app(logger.child({ area: 'directory' }), logger.child({ area: 'store' })),
    logger,
    allowedTenantIds: null,
  });
  const server = createBotServer({ auth: ANONYMOUS, bot, logger, ...(readiness ? { readiness } : {}) });
  const { port } = await server.listen(0, '127.0.0.1');
  const connector = await startConnectorServer();
  running = { server, baseUrl: `http://127.0.0.1:${port}`, connector, lines };
  return running;
}

describe('the turn correlation id', () => {
  it('is on every log line of a turn, directory and store lines included, and in the "Sorry… (ref X)"', async () => {
    const { baseUrl, connector, lines } = await start((directoryLog, storeLog) => ({
      answerText: async (text) => {
        directoryLog.debug('search', { filter: '(cn=x)' });
        await new Promise((resolve) => setTimeout(resolve, 5));
        storeLog.warn('store slow', { ms: 5 });
        if (text === 'boom') throw new Error('exploded');
        return reply(text);
      },
      answerAction: () => Promise.resolve(reply('clicked')),
    }));
    await postActivity(
      `${baseUrl}/api/messages`,
      personalMessage('fine', { serviceUrl: connector.serviceUrl }),
    );
    const fineLines = lines.splice(0);
    await postActivity(
      `${baseUrl}/api/messages`,
      personalMessage('boom', { serviceUrl: connector.serviceUrl }),
    );
    const [, sorry] = await connector.waitForActivities(2);

    const ref = /\(ref ([0-9a-f]{8})\)/.exec(sorry!.body.text ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.map((line) => line.ref)).toEqual(lines.map(() => ref));
    expect(lines.map((line) => line.area)).toEqual(expect.arrayContaining(['directory', 'store']));
    // the other turn had its own id on all of its lines
    const otherRefs = new Set(fineLines.map((line) => line.ref));
    expect(otherRefs.size).toBe(1);
    expect([...otherRefs][0]).toMatch(/^[0-9a-f]{8}$/);
    expect(otherRefs.has(ref)).toBe(false);
  });

  it('is the one in a failed card action\'s "Sorry… (ref X)"', async () => {
    const { baseUrl, connector, lines } = await start(() => ({
      answerText: () => Promise.resolve(reply('text')),
      answerAction: () => Promise.reject(new Error('exploded')),
    }));
    const posted = await postActivity(
      `${baseUrl}/api/messages`,
      cardAction('show', {}, { serviceUrl: connector.serviceUrl }),
    );
    const text = (posted.body as { value: { body: { text: string }[] } }).value.body[0]!.text;
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(text)?.[1];
    expect(lines.find((line) => line.msg === 'card action failed')?.ref).toBe(ref);
  });
});

describe('GET /readyz and /healthz', () => {
  it('answers 503 naming the part that is down, and 200 when all are up; /healthz stays 200', async () => {
    let report: ReadinessReport = {
      ready: false,
      parts: { directory: { status: 'down', reason: 'unreachable' }, store: { status: 'up' } },
    };
    const { baseUrl } = await start(
      () => ({
        answerText: () => Promise.resolve(reply('')),
        answerAction: () => Promise.resolve(reply('')),
      }),
      () => Promise.resolve(report),
    );
    const down = await fetch(`${baseUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not ready', parts: report.parts });
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);

    report = { ready: true, parts: { directory: { status: 'up' }, store: { status: 'up' } } };
    const up = await fetch(`${baseUrl}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ready', parts: report.parts });
  });
});

describe('drain (graceful shutdown)', () => {
  it('lets an in-flight turn finish, refuses new requests with 503, then closes', async () => {
    let release: () => void = () => undefined;
    const { server, baseUrl, connector } = await start(() => ({
      answerText: (text) =>
        text === 'slow'
          ? new Promise<CardReply>((resolve) => (release = () => resolve(reply('slow answer'))))
          : Promise.resolve(reply(text)),
      answerAction: () => Promise.resolve(reply('')),
    }));
    const slow = postActivity(
      `${baseUrl}/api/messages`,
      personalMessage('slow', { serviceUrl: connector.serviceUrl }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drained = server.drain(5000);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // a new connection is refused or answered 503, never served
    const late = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);

    release();
    expect((await slow).status).toBe(200);
    expect(await drained).toEqual({ cut: 0 });
    const [answer] = await connector.waitForActivities(1);
    expect(answer!.body.summary).toBe('slow answer');
  });

  it('cuts a turn that outlives the drain time and says how many', async () => {
    const { server, baseUrl, connector } = await start(() => ({
      answerText: () => new Promise<CardReply>(() => undefined),
      answerAction: () => Promise.resolve(reply('')),
    }));
    const stuck = postActivity(
      `${baseUrl}/api/messages`,
      personalMessage('x', { serviceUrl: connector.serviceUrl }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await server.drain(100)).toEqual({ cut: 1 });
    await expect(stuck).rejects.toThrow();
  });
});
