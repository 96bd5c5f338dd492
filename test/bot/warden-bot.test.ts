import type { ChatApp, ChatConversation, ChatUser } from '../../src/bot/chat-app';
import { createBotServer } from '../../src/bot/create-server';
import type { BotServer } from '../../src/bot/create-server';
import { TENANT_REFUSAL, WardenBot } from '../../src/bot/warden-bot';
import type { AdaptiveCardJson, CardReply } from '../../src/cards/card-reply';
import type { BotAuthConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import {
  ALEX,
  OTHER_TENANT_ID,
  TENANT_ID,
  cardAction,
  channelMessage,
  personalMessage,
  postActivity,
} from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';

const ANONYMOUS: BotAuthConfig = { appId: '', appPassword: '', appTenantId: '', appType: 'MultiTenant' };

const card = (text: string): AdaptiveCardJson => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text }],
});

/** A ChatApp that records calls and answers with whatever the test sets. */
class FakeApp implements ChatApp {
  texts: { text: string; user: ChatUser; conversation?: ChatConversation }[] = [];
  actions: { verb: string; data: unknown; user: ChatUser }[] = [];
  reply: (input: string) => Promise<CardReply> = (input) =>
    Promise.resolve({ cards: [card(`answer to ${input}`)], summary: `answer to ${input}` });

  answerText(text: string, user: ChatUser, conversation?: ChatConversation): Promise<CardReply> {
    this.texts.push({ text, user, ...(conversation === undefined ? {} : { conversation }) });
    return this.reply(text);
  }
  answerAction(verb: string, data: unknown, user: ChatUser): Promise<CardReply> {
    this.actions.push({ verb, data, user });
    return this.reply(verb);
  }
}

interface Running {
  connector: ConnectorServer;
  app: FakeApp;
  server: BotServer;
  url: string;
  logLines: string[];
}

async function start(
  options: {
    allowedTenantIds?: string[] | null;
    lookupMembers?: boolean;
    memberCacheMs?: number;
    auth?: BotAuthConfig;
  } = {},
): Promise<Running> {
  const connector = await startConnectorServer();
  const app = new FakeApp();
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const bot = new WardenBot({
    app,
    logger,
    allowedTenantIds: options.allowedTenantIds ?? null,
    lookupMembers: options.lookupMembers ?? false,
    memberCacheMs: options.memberCacheMs ?? 0,
  });
  const server = createBotServer({ auth: options.auth ?? ANONYMOUS, bot, logger });
  const { port } = await server.listen(0, '127.0.0.1');
  return { connector, app, server, url: `http://127.0.0.1:${port}/api/messages`, logLines };
}

describe('WardenBot over HTTP (anonymous mode, local connector)', () => {
  let running: Running;
  afterEach(async () => {
    await running.server.close();
    await running.connector.close();
  });

  it('answers a personal message with an adaptive card sent to the serviceUrl', async () => {
    running = await start();
    const { connector, app, url } = running;
    const activity = personalMessage('find sMSAs on SRV01', { serviceUrl: connector.serviceUrl });

    const posted = await postActivity(url, activity);
    const [reply] = await connector.waitForActivities(1);

    expect(posted.status).toBeLessThan(300);
    expect(app.texts).toEqual([
      {
        text: 'find sMSAs on SRV01',
        user: { id: ALEX.id, aadObjectId: ALEX.aadObjectId, name: ALEX.name, tenantId: TENANT_ID },
        conversation: { id: (activity.conversation as { id: string }).id, kind: 'personal' },
      },
    ]);
    expect(reply!.method).toBe('POST');
    expect(reply!.conversationId).toBe((activity.conversation as { id: string }).id);
    expect(reply!.activityId).toBe(activity.id);
    expect(reply!.body.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: card('answer to find sMSAs on SRV01'),
      },
    ]);
  });

  it('strips the bot @mention from a channel post and replies in the thread', async () => {
    running = await start();
    const { connector, app, url } = running;
    const activity = channelMessage('list sMSAs', { serviceUrl: connector.serviceUrl });

    await postActivity(url, activity);
    const [reply] = await connector.waitForActivities(1);

    expect(app.texts.map((t) => t.text)).toEqual(['list sMSAs']);
    // the channel, and that it is one (`register approvals here` needs a channel)
    expect(app.texts[0]!.conversation).toEqual({ id: '19:team-general@thread.tacv2', kind: 'channel' });
    expect(reply!.conversationId).toBe(`19:team-general@thread.tacv2;messageid=${activity.id}`);
    expect(reply!.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('sends each card of a reply as its own message, and the summary when there is no card', async () => {
    running = await start();
    const { connector, app, url } = running;
    app.reply = (input) =>
      Promise.resolve(
        input === 'two'
          ? { cards: [card('one'), card('two')], summary: 'two cards' }
          : { cards: [], summary: 'just text' },
      );

    await postActivity(url, personalMessage('two', { serviceUrl: connector.serviceUrl }));
    await postActivity(url, personalMessage('none', { serviceUrl: connector.serviceUrl }));
    const sent = await connector.waitForActivities(3);

    expect(sent.map((s) => s.body.attachments?.[0]?.content)).toEqual([card('one'), card('two'), undefined]);
    expect(sent[2]!.body.text).toBe('just text');
  });

  it('answers an Action.Execute invoke with a 200 and the card as the value', async () => {
    running = await start();
    const { connector, app, url } = running;

    const posted = await postActivity(
      url,
      cardAction('list.more', { offset: 20 }, { serviceUrl: connector.serviceUrl }),
    );

    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: card('answer to list.more'),
    });
    expect(app.actions).toEqual([
      { verb: 'list.more', data: { offset: 20 }, user: expect.objectContaining({ id: ALEX.id }) as unknown },
    ]);
  });

  it('answers an invoke without a verb with a 400 error value, never an empty one', async () => {
    running = await start();
    const { connector, app, url } = running;

    const posted = await postActivity(url, cardAction('', {}, { serviceUrl: connector.serviceUrl }));

    expect(posted.status).toBe(400);
    expect(posted.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(app.actions).toHaveLength(0);
  });

  it('turns an exception into a friendly message with a reference, and keeps serving', async () => {
    running = await start();
    const { connector, app, url, logLines } = running;
    app.reply = (input) =>
      input === 'boom'
        ? Promise.reject(new TypeError('bind as CN=svc failed, password=hunter2'))
        : Promise.resolve({ cards: [card('fine')], summary: 'fine' });

    await postActivity(url, personalMessage('boom', { serviceUrl: connector.serviceUrl }));
    await postActivity(url, personalMessage('help', { serviceUrl: connector.serviceUrl }));
    const [sorry, next] = await connector.waitForActivities(2);

    const ref = /^Sorry, something went wrong \(ref ([0-9a-f]{8})\)\. Nothing was changed\.$/.exec(
      sorry!.body.text ?? '',
    );
    expect(ref).not.toBeNull();
    expect(next!.body.attachments?.[0]?.content).toEqual(card('fine'));
    const errorLine = logLines.find((line) => line.includes('"turn failed"'));
    expect(errorLine).toBeDefined();
    expect(JSON.parse(errorLine!)).toMatchObject({ level: 'error', ref: ref![1], errorClass: 'TypeError' });
    expect(logLines.join('\n')).not.toContain('hunter2');
  });

  it('answers a failing card action with a sorry card (status 200), not an empty invoke response', async () => {
    running = await start();
    const { connector, app, url, logLines } = running;
    app.reply = () => Promise.reject(new Error('token=abc.def leaked'));

    const posted = await postActivity(
      url,
      cardAction('show', { account: 'svc_sql01' }, { serviceUrl: connector.serviceUrl }),
    );

    expect(posted.status).toBe(200);
    const body = posted.body as { value: { body: { text: string }[] } };
    expect(body.value.body[0]!.text).toMatch(
      /^Sorry, something went wrong \(ref [0-9a-f]{8}\)\. Nothing was changed\.$/,
    );
    expect(logLines.join('\n')).not.toContain('abc.def');
  });

  it('refuses messages and clicks from a tenant that is not allowed', async () => {
    running = await start({ allowedTenantIds: [TENANT_ID.toUpperCase()] });
    const { connector, app, url } = running;

    await postActivity(
      url,
      personalMessage('list sMSAs', { serviceUrl: connector.serviceUrl, tenantId: OTHER_TENANT_ID }),
    );
    const [refusal] = await connector.waitForActivities(1);
    const click = await postActivity(
      url,
      cardAction('list.more', {}, { serviceUrl: connector.serviceUrl, tenantId: OTHER_TENANT_ID }),
    );
    await postActivity(
      url,
      personalMessage('list sMSAs', { serviceUrl: connector.serviceUrl, tenantId: TENANT_ID }),
    );
    const [, allowed] = await connector.waitForActivities(2);

    expect(refusal!.body.text).toBe(TENANT_REFUSAL);
    expect(refusal!.body.attachments ?? []).toHaveLength(0);
    expect(click.body).toMatchObject({ statusCode: 200, value: { body: [{ text: TENANT_REFUSAL }] } });
    expect(app.texts.map((t) => t.user.tenantId)).toEqual([TENANT_ID]);
    expect(app.actions).toHaveLength(0);
    expect(allowed!.body.attachments?.[0]?.content).toEqual(card('answer to list sMSAs'));
  });

  it('looks the sender up in the connector when asked to, and carries on when the lookup fails', async () => {
    running = await start({ lookupMembers: true });
    const { connector, app, url } = running;
    connector.setMember({
      id: ALEX.id,
      name: 'Alex Wilber',
      userPrincipalName: 'alex@corp.example.test',
      aadObjectId: ALEX.aadObjectId,
      tenantId: TENANT_ID,
    });

    await postActivity(url, personalMessage('help', { serviceUrl: connector.serviceUrl }));
    await connector.waitForActivities(1);
    connector.removeMember(ALEX.id);
    await postActivity(url, personalMessage('help', { serviceUrl: connector.serviceUrl }));
    await connector.waitForActivities(2);

    expect(connector.memberLookups).toEqual([ALEX.id, ALEX.id]);
    expect(app.texts[0]!.user.userPrincipalName).toBe('alex@corp.example.test');
    expect(app.texts[1]!.user.userPrincipalName).toBeUndefined();
  });

  it('asks the connector once per user while the member cache holds them', async () => {
    running = await start({ lookupMembers: true, memberCacheMs: 60_000 });
    const { connector, app, url } = running;
    connector.setMember({
      id: ALEX.id,
      name: 'Alex Wilber',
      userPrincipalName: 'alex@corp.example.test',
      aadObjectId: ALEX.aadObjectId,
      tenantId: TENANT_ID,
    });
    for (let i = 1; i <= 3; i++) {
      await postActivity(url, personalMessage('help', { serviceUrl: connector.serviceUrl }));
      await connector.waitForActivities(i);
    }
    expect(connector.memberLookups).toEqual([ALEX.id]);
    expect(app.texts.map((t) => t.user.userPrincipalName)).toEqual(Array(3).fill('alex@corp.example.test'));
  });

  it('answers GET /healthz', async () => {
    running = await start();
    const response = await fetch(running.url.replace('/api/messages', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('with a MicrosoftAppId, refuses an activity that carries no Bot Framework token', async () => {
    running = await start({
      auth: {
        appId: '00000000-1111-2222-3333-444444444444',
        appPassword: 'not-a-real-secret',
        appTenantId: '',
        appType: 'MultiTenant',
      },
    });
    const { connector, app, url } = running;
    // botbuilder reports refused requests on console.error itself
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const posted = await postActivity(url, personalMessage('help', { serviceUrl: connector.serviceUrl }));

    expect(posted.status).toBe(401);
    expect(app.texts).toHaveLength(0);
    expect(JSON.stringify(consoleError.mock.calls.map((call) => call.map(String)))).not.toContain(
      'not-a-real-secret',
    );
    consoleError.mockRestore();
  });
});
