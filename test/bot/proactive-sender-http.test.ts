import { createAdapter } from '../../src/bot/create-adapter';
import { createProactiveSender } from '../../src/bot/proactive-sender';
import { silentLogger } from '../../src/config/logger';
import { startConnectorServer, type ConnectorServer } from '../support/connector-server';

const ANONYMOUS = { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' as const };

describe('proactive sender over a real CloudAdapter (anonymous mode)', () => {
  let connector: ConnectorServer;
  beforeAll(async () => {
    connector = await startConnectorServer();
  });
  afterAll(() => connector.close());

  it('posts to the stored conversation on the local connector', async () => {
    const adapter = createAdapter({ auth: ANONYMOUS, logger: silentLogger });
    const sender = createProactiveSender({ adapter, appId: '' });
    const reference = {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: '19:c@thread.tacv2', conversationType: 'channel', isGroup: true },
      bot: { id: '28:bot', name: 'msa-warden' },
    };
    await sender.send({ conversationId: '19:c@thread.tacv2', reference }, { cards: [], summary: 'hello' });
    const [sent] = await connector.waitForActivities(1, 5000);
    expect(sent).toMatchObject({ conversationId: '19:c@thread.tacv2', body: { text: 'hello' } });
  }, 10_000);
});
