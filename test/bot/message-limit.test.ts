import type { ChatApp } from '../../src/bot/chat-app';
import { createBotServer } from '../../src/bot/create-server';
import { MAX_MESSAGE_CHARS, tooLongText } from '../../src/bot/message-limit';
import { WardenBot } from '../../src/bot/warden-bot';
import { silentLogger } from '../../src/config/logger';
import { channelMessage, personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';

describe('message size limit', () => {
  it('answers a message over the limit with a polite card, before any parsing', async () => {
    const connector = await startConnectorServer();
    const asked: string[] = [];
    const app: ChatApp = {
      answerText: (text) => {
        asked.push(text);
        return Promise.resolve({ cards: [], summary: 'answered' });
      },
      answerAction: () => Promise.resolve({ cards: [], summary: 'clicked' }),
    };
    const bot = new WardenBot({ app, logger: silentLogger, allowedTenantIds: null });
    const server = createBotServer({
      auth: { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' },
      bot,
      logger: silentLogger,
    });
    const { port } = await server.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${port}/api/messages`;
    try {
      const serviceUrl = connector.serviceUrl;
      await postActivity(url, personalMessage('!'.repeat(100_000), { serviceUrl }));
      await postActivity(
        url,
        personalMessage(`find sMSAs on ${'x'.repeat(MAX_MESSAGE_CHARS)}`, { serviceUrl }),
      );
      const atLimit = `find ${'x'.repeat(MAX_MESSAGE_CHARS - 5)}`;
      await postActivity(url, personalMessage(atLimit, { serviceUrl }));
      await postActivity(url, channelMessage('help', { serviceUrl }));
      const sent = await connector.waitForActivities(4);

      expect(MAX_MESSAGE_CHARS).toBe(4000);
      expect(asked).toEqual([atLimit, 'help']);
      for (const reply of sent.slice(0, 2)) {
        expect(reply.body.attachments?.[0]?.content).toMatchObject({
          body: [{ type: 'TextBlock', text: tooLongText(4000) }],
        });
      }
      expect(tooLongText(4000)).toContain('up to 4,000 characters');
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
