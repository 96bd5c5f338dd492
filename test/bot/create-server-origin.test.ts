import type { ChatApp } from '../../src/bot/chat-app';
import { createBotServer } from '../../src/bot/create-server';
import type { BotServer } from '../../src/bot/create-server';
import { WardenBot } from '../../src/bot/warden-bot';
import type { CardReply } from '../../src/cards/card-reply';
import type { BotAuthConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import { personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';

/**
 * What reaches the bot in anonymous mode, over real HTTP: only JSON bodies, and only activities whose
 * serviceUrl (where answers are sent) is loopback or listed. A web page an operator visits can post
 * a form to http://127.0.0.1:3978 without the browser asking first; it must get nothing back, and the
 * bot must send nothing anywhere.
 */

const ANONYMOUS: BotAuthConfig = { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' };

interface Running {
  connector: ConnectorServer;
  asked: string[];
  server: BotServer;
  url: string;
  logLines: string[];
  /** the connector's URL under a name that is not loopback (0.0.0.0 reaches this machine too) */
  foreignServiceUrl: string;
}

async function start(anonymousServiceUrls?: string[]): Promise<Running> {
  const connector = await startConnectorServer();
  const asked: string[] = [];
  const app: ChatApp = {
    answerText: (text): Promise<CardReply> => {
      asked.push(text);
      return Promise.resolve({ cards: [], summary: `answer to ${text}` });
    },
    answerAction: () => Promise.resolve({ cards: [], summary: 'clicked' }),
  };
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const foreignServiceUrl = connector.serviceUrl.replace('127.0.0.1', '0.0.0.0');
  const bot = new WardenBot({ app, logger, allowedTenantIds: null });
  const server = createBotServer({
    auth: ANONYMOUS,
    bot,
    logger,
    anonymousServiceUrls: anonymousServiceUrls?.map((url) => url.replace('$FOREIGN', foreignServiceUrl)),
  });
  const { port } = await server.listen(0, '127.0.0.1');
  return {
    connector,
    asked,
    server,
    url: `http://127.0.0.1:${port}/api/messages`,
    logLines,
    foreignServiceUrl,
  };
}

/** Posts a loopback message and waits for its answer: everything posted before it has been handled. */
async function answeredAfter(running: Running): Promise<void> {
  const before = running.connector.activities.length;
  const posted = await postActivity(
    running.url,
    personalMessage('help', { serviceUrl: running.connector.serviceUrl }),
  );
  expect(posted.status).toBeLessThan(300);
  await running.connector.waitForActivities(before + 1);
}

describe('the HTTP endpoint in anonymous mode', () => {
  let running: Running;
  afterEach(async () => {
    await running.server.close();
    await running.connector.close();
  });

  it('refuses a form-encoded post (415) and processes nothing', async () => {
    running = await start();
    const activity = personalMessage('find sMSAs on SRV01', { serviceUrl: running.connector.serviceUrl });
    const form = new URLSearchParams(
      Object.entries(activity).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    );
    const response = await fetch(running.url, { method: 'POST', body: form });

    expect(response.status).toBe(415);
    await answeredAfter(running);
    expect(running.asked).toEqual(['help']);
    expect(running.connector.activities).toHaveLength(1);
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''])(
    'refuses a JSON body sent as %j (415)',
    async (contentType) => {
      running = await start();
      const activity = personalMessage('list sMSAs', { serviceUrl: running.connector.serviceUrl });
      const response = await fetch(running.url, {
        method: 'POST',
        headers: contentType === '' ? {} : { 'content-type': contentType },
        body: new Blob([JSON.stringify(activity)]),
      });
      expect(response.status).toBe(415);
      expect(running.asked).toEqual([]);
    },
  );

  it('accepts application/json with a charset', async () => {
    running = await start();
    const activity = personalMessage('list sMSAs', { serviceUrl: running.connector.serviceUrl });
    const posted = await postActivity(running.url, activity, {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(posted.status).toBeLessThan(300);
    await running.connector.waitForActivities(1);
    expect(running.asked).toEqual(['list sMSAs']);
  });

  it.each([
    ['a foreign host', 'FOREIGN'],
    ['a public address', 'http://203.0.113.7:3978/'],
    ['a name', 'https://attacker.example.test/'],
    ['not http', 'file:///etc/passwd'],
    ['no URL', ''],
  ])('refuses a JSON activity whose serviceUrl is %s (403): no outbound call', async (_title, serviceUrl) => {
    running = await start();
    const url = serviceUrl === 'FOREIGN' ? running.foreignServiceUrl : serviceUrl;
    const posted = await postActivity(running.url, personalMessage('list sMSAs', { serviceUrl: url }));

    expect(posted.status).toBe(403);
    await answeredAfter(running);
    expect(running.asked).toEqual(['help']);
    // the only activity the connector saw is the answer to the loopback message
    expect(running.connector.activities).toHaveLength(1);
    expect(running.logLines.join('\n')).toContain('refused an anonymous activity');
  });

  it('answers a loopback serviceUrl by name or address', async () => {
    running = await start();
    for (const name of ['localhost', '127.0.0.1']) {
      const serviceUrl = running.connector.serviceUrl.replace('127.0.0.1', name);
      await postActivity(running.url, personalMessage(`list on ${name}`, { serviceUrl }));
    }
    await running.connector.waitForActivities(2);
    expect(running.asked).toEqual(['list on localhost', 'list on 127.0.0.1']);
  });

  it('answers a serviceUrl whose origin is in ANONYMOUS_SERVICE_URLS', async () => {
    running = await start(['$FOREIGN']);
    await postActivity(running.url, personalMessage('list sMSAs', { serviceUrl: running.foreignServiceUrl }));
    const [reply] = await running.connector.waitForActivities(1);
    expect(reply!.body.text).toBe('answer to list sMSAs');
  });
});
