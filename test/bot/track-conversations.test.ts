import type { ChatApp, ConversationLog } from '../../src/bot/chat-app';
import { createBotServer } from '../../src/bot/create-server';
import type { BotServer } from '../../src/bot/create-server';
import { WardenBot } from '../../src/bot/warden-bot';
import { silentLogger } from '../../src/config/logger';
import { ALEX, BOT, cardAction, channelMessage, personalMessage, postActivity } from '../support/bot-harness';
import type { ActivityJson } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';

const app: ChatApp = {
  answerText: () => Promise.resolve({ cards: [], summary: 'ok' }),
  answerAction: () => Promise.resolve({ cards: [], summary: 'ok' }),
};

describe('which conversations the bot keeps', () => {
  let connector: ConnectorServer;
  let server: BotServer;
  let url: string;
  const remembered: { id: string; tenantId: string | null; reference: unknown }[] = [];

  beforeAll(async () => {
    connector = await startConnectorServer();
    const conversations: ConversationLog = {
      remember: (conversation) => {
        remembered.push(conversation);
        return Promise.resolve();
      },
      forget: () => Promise.resolve(),
    };
    const bot = new WardenBot({ app, logger: silentLogger, allowedTenantIds: null, conversations });
    server = createBotServer({
      auth: { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' },
      bot,
      logger: silentLogger,
    });
    url = `http://127.0.0.1:${(await server.listen(0, '127.0.0.1')).port}/api/messages`;
  });
  afterAll(async () => {
    await server.close();
    await connector.close();
  });
  beforeEach(() => remembered.splice(0));

  const post = (activity: ActivityJson) => postActivity(url, activity);
  const base = (): ActivityJson => personalMessage('help', { serviceUrl: connector.serviceUrl });

  it('keeps a message’s conversation as an address only: no sender, names or activity', async () => {
    const message = base();
    await post({
      ...message,
      conversation: { ...(message.conversation as object), name: 'Alex and the bot' },
    });
    expect(remembered).toHaveLength(1);
    expect(remembered[0]!.reference).toEqual({
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      conversation: {
        id: (message.conversation as { id: string }).id,
        conversationType: 'personal',
        tenantId: (message.conversation as { tenantId: string }).tenantId,
      },
      bot: { id: BOT.id },
    });
    const text = JSON.stringify(remembered);
    for (const detail of [ALEX.name, ALEX.id, 'Alex and the bot', message.id, 'en-US'])
      expect(text).not.toContain(detail);
  });

  it('keeps conversations that talk to the bot: a click, an install, the bot added; a channel under its own id too', async () => {
    await post(cardAction('help', {}, { serviceUrl: connector.serviceUrl }));
    await post({ ...base(), type: 'installationUpdate', action: 'add', text: undefined });
    await post({
      ...base(),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: BOT.id, name: BOT.name }],
    });
    await post(
      channelMessage('help', { serviceUrl: connector.serviceUrl, channelId: '19:ops@thread.tacv2' }),
    );
    expect(remembered.map((c) => c.id).slice(3)).toEqual([
      expect.stringMatching(/^19:ops@thread\.tacv2;messageid=/) as unknown,
      '19:ops@thread.tacv2',
    ]);
    expect(remembered).toHaveLength(5);
  });

  it('keeps nothing for typing, reactions or someone else joining', async () => {
    await post({ ...base(), type: 'typing', text: undefined });
    await post({
      ...base(),
      type: 'messageReaction',
      text: undefined,
      reactionsAdded: [{ type: 'like' }],
    });
    await post({
      ...base(),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '29:someone-else' }],
    });
    expect(remembered).toEqual([]);
  });

  it('answers a forged activity with ids longer than any real one, and keeps nothing of it', async () => {
    const message = base();
    const before = connector.activities.length;
    await post({
      ...message,
      conversation: { ...(message.conversation as object), id: `a:${'x'.repeat(600)}` },
    });
    await post({ ...message, channelData: { tenant: { id: 't'.repeat(1000) } } });
    await post({ ...message, serviceUrl: `${connector.serviceUrl}${'p'.repeat(600)}` }).catch(() => null);
    expect(remembered).toEqual([]);
    expect(connector.activities.length).toBeGreaterThanOrEqual(before + 2);
  });
});
