import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { loadConfig } from '../../src/config/load-config';
import { testLogger } from '../support/test-logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { cardText, personalMessage, postActivity } from '../support/bot-harness';
import { startBotOverHttp, stopBotOverHttp } from '../support/bot-over-http';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer, RecordedActivity } from '../support/connector-server';

/**
 * HTTP end to end on the Samba DC (globalSetup sets LDAP_* in process.env): real activities in,
 * real LdapDirectory, replies captured on a local connector.
 * Fixture facts: SRV01 hosts exactly svc_sql01 and svc_web01; SRV02 hosts svc_app02 and svc_disabled;
 * svc_orphan has no host; gmsa_web is a gMSA.
 */
const ACCOUNTS = ['svc_sql01', 'svc_web01', 'svc_app02', 'svc_disabled', 'svc_orphan', 'gmsa_web'];
const COMPUTERS = ['SRV01', 'SRV02', 'SRV03', 'WEB01', 'SQL01', 'FILE01'];

/** Names of fixture accounts (or computers) that appear on a card. */
const accountsOn = (activity: RecordedActivity, names = ACCOUNTS): string[] =>
  names.filter((name) => new RegExp(`\\b${name}\\b`, 'i').test(cardText(activity)));

async function ask(
  bot: RunningBot,
  connector: ConnectorServer,
  text: string,
  timeoutMs = 10_000,
): Promise<RecordedActivity> {
  const before = connector.activities.length;
  const posted = await postActivity(
    bot.messagesUrl,
    personalMessage(text, { serviceUrl: connector.serviceUrl }),
  );
  expect(posted.status).toBeLessThan(300);
  const sent = await connector.waitForActivities(before + 1, timeoutMs);
  return sent[before]!;
}

describe('find sMSAs over HTTP against the Samba DC', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;

  beforeAll(async () => {
    ({ connector, bot } = await startBotOverHttp(process.env, { logger: testLogger() }));
  });
  afterAll(() => stopBotOverHttp({ connector, bot }));

  it('"find sMSAs on SRV01" lists exactly svc_sql01 and svc_web01', async () => {
    const reply = await ask(bot, connector, 'find sMSAs on SRV01');
    expect(reply.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(accountsOn(reply)).toEqual(['svc_sql01', 'svc_web01']);
  });

  it('"find sMSAs on SRV02" lists svc_app02 and the disabled svc_disabled', async () => {
    const reply = await ask(bot, connector, 'find sMSAs on srv02');
    expect(accountsOn(reply)).toEqual(['svc_app02', 'svc_disabled']);
  });

  it('an LDAP injection attempt finds no computer and shows no other object', async () => {
    const reply = await ask(bot, connector, 'find sMSAs on *)(objectClass=*');
    expect(cardText(reply)).toMatch(/no computer named/i);
    expect(accountsOn(reply)).toEqual([]);
    expect(accountsOn(reply, COMPUTERS)).toEqual([]);
  });

  it('an unknown host suggests the closest names', async () => {
    const reply = await ask(bot, connector, 'find sMSAs on SRV0l');
    expect(cardText(reply)).toMatch(/no computer named/i);
    expect(cardText(reply)).toContain('SRV01');
  });
});

describe('a directory that does not answer', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;
  let blackHole: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    connector = await startConnectorServer();
    // Accepts TCP connections and never says a word: the worst kind of DC.
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    const config = loadConfig({
      ...process.env,
      LDAP_URL: `ldaps://127.0.0.1:${port}`,
      LDAP_STARTTLS: 'false',
      LDAP_TIMEOUT_MS: '1500',
      LDAP_CONNECT_TIMEOUT_MS: '1500',
    });
    bot = await startBot(config, { port: 0, host: '127.0.0.1', logger: testLogger() });
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  });

  it('answers with an error card saying the directory did not answer, then still answers help', async () => {
    const failure = await ask(bot, connector, 'find sMSAs on SRV01', 8000);
    expect(cardText(failure)).toMatch(/did not answer/i);
    expect(accountsOn(failure)).toEqual([]);
    expect(cardText(failure)).not.toContain(process.env.LDAP_BIND_PASSWORD ?? '\u0000');

    const help = await ask(bot, connector, 'help');
    expect(cardText(help)).toContain('find sMSAs on');
  });
});

describe('LDAP_URL with a dead server first', () => {
  it('fails over to the next URL and answers', async () => {
    // A port that was just free: connections to it are refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const connector = await startConnectorServer();
    const config = loadConfig({
      ...process.env,
      LDAP_URL: `ldaps://127.0.0.1:${port},${process.env.LDAP_URL ?? ''}`,
    });
    const bot = await startBot(config, { port: 0, host: '127.0.0.1', logger: testLogger() });
    try {
      expect(config.ldap.urls).toHaveLength(2);
      const reply = await ask(bot, connector, 'find sMSAs on SRV01');
      expect(accountsOn(reply)).toEqual(['svc_sql01', 'svc_web01']);
    } finally {
      await bot.stop();
      await connector.close();
    }
  });
});
