import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/config/logger';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { reportFigure } from '../support/report-figure';
import { startStallingServer } from '../support/stalling-ldap-server';
import type { StallingServer } from '../support/stalling-ldap-server';
import { startTcpProxy } from '../support/tcp-proxy';
import type { TcpProxy } from '../support/tcp-proxy';

/**
 * Directory faults over HTTP against the Samba DC. The DC itself is never stopped (other test files
 * share it): the bot under test reaches it through a loopback TCP proxy that the test cuts
 * (connections reset, port refused — what a stopped DC looks like to a client), restores, or
 * freezes (a server that stops answering mid-search).
 */
const TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 1000;
const QUESTION = 'find sMSAs on SRV01';

function dcPort(): number {
  const first = (process.env.LDAP_URL ?? '').split(',')[0] ?? '';
  const url = new URL(first);
  return Number(url.port || (url.protocol === 'ldaps:' ? 636 : 389));
}

interface Answer {
  text: string;
  ms: number;
}

interface Harness {
  bot: RunningBot;
  connector: ConnectorServer;
  logs: Record<string, unknown>[];
  ask(text?: string): Promise<Answer>;
}

async function startHarness(ldapUrls: string): Promise<Harness> {
  const connector = await startConnectorServer();
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  const config = loadConfig({
    ...process.env,
    LDAP_URL: ldapUrls,
    LDAP_TIMEOUT_MS: String(TIMEOUT_MS),
    LDAP_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
  });
  const bot = await startBot(config, { port: 0, host: '127.0.0.1', logger, digestTimer: false });
  const ask = async (text = QUESTION): Promise<Answer> => {
    const before = connector.activities.length;
    const started = performance.now();
    const posted = await postActivity(
      bot.messagesUrl,
      personalMessage(text, { serviceUrl: connector.serviceUrl }),
    );
    expect(posted.status).toBe(200);
    const [reply] = (await connector.waitForActivities(before + 1, 20_000)).slice(before);
    return { text: JSON.stringify(reply!.body), ms: Math.round(performance.now() - started) };
  };
  return { bot, connector, logs, ask };
}

async function stopHarness(harness: Harness | null): Promise<void> {
  if (harness === null) return;
  await harness.bot.stop();
  await harness.connector.close();
}

/** A loopback port nothing listens on (connection refused). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ANSWERED = /svc_sql01/;
const UNAVAILABLE = /The directory did not answer/;
const TOO_SLOW = /The directory took too long to answer/;

let survived = 0;
let tried = 0;
afterAll(() => reportFigure(`directory faults survived: ${survived}/${tried}`));

/** Counts a scenario as survived only when all of its expectations held. */
async function scenario(body: () => Promise<void>): Promise<void> {
  tried++;
  await body();
  survived++;
}

describe('the DC stopped and started mid-conversation (TCP proxy cut and restored)', () => {
  let proxy: TcpProxy;
  let harness: Harness | null = null;
  afterEach(async () => {
    await stopHarness(harness);
    await proxy.close();
  });

  it('answers "directory unavailable" while it is down and answers again once it is back, without a restart', () =>
    scenario(async () => {
      proxy = await startTcpProxy(dcPort());
      harness = await startHarness(proxy.url('ldaps'));
      const { ask, bot, logs } = harness;
      expect((await ask()).text).toMatch(ANSWERED);

      await proxy.cut();
      const down = await ask();
      expect(down.text).toMatch(UNAVAILABLE);
      const ready = await fetch(`${bot.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'not ready',
        parts: { directory: { status: 'down', reason: 'unreachable' }, store: { status: 'up' } },
      });
      // the card's reference is the turn's id in the log
      const ref = /Reference: ([0-9a-f]{8})/.exec(down.text)?.[1];
      expect(ref).toBeDefined();
      expect(logs.find((line) => line.msg === 'answered with an error card')?.ref).toBe(ref);

      await proxy.restore();
      const back = await ask();
      expect(back.text).toMatch(ANSWERED);
      reportFigure(
        `DC down: "directory unavailable" card in ${down.ms} ms; first answer after it is back ${back.ms} ms`,
      );
    }));
});

describe('two LDAP URLs, the first one failing', () => {
  let harness: Harness | null = null;
  let stalling: StallingServer | null = null;
  afterEach(async () => {
    await stopHarness(harness);
    harness = null;
    await stalling?.close();
    stalling = null;
  });

  it('fails over within one request when the first refuses connections', () =>
    scenario(async () => {
      harness = await startHarness(`ldaps://127.0.0.1:${await deadPort()},ldaps://127.0.0.1:${dcPort()}`);
      const first = await harness.ask();
      expect(first.text).toMatch(ANSWERED);
      const next = await harness.ask();
      expect(next.text).toMatch(ANSWERED);
      reportFigure(`failover, first URL refused: answered in ${first.ms} ms (next request ${next.ms} ms)`);
    }));

  it('fails over within one request when the first accepts and never answers (black hole)', () =>
    scenario(async () => {
      stalling = await startStallingServer('silent');
      harness = await startHarness(`${stalling.url('ldaps')},ldaps://127.0.0.1:${dcPort()}`);
      const first = await harness.ask();
      expect(first.text).toMatch(ANSWERED);
      expect(stalling.connections).toBe(1);
      const next = await harness.ask();
      expect(next.text).toMatch(ANSWERED);
      // the bound connection is kept: the black hole is not tried again
      expect(stalling.connections).toBe(1);
      reportFigure(
        `failover, first URL black-holed: answered in ${first.ms} ms with LDAP_CONNECT_TIMEOUT_MS=${CONNECT_TIMEOUT_MS} (next request ${next.ms} ms)`,
      );
    }));
});

describe('a search that hangs', () => {
  let proxy: TcpProxy;
  let harness: Harness | null = null;
  afterEach(async () => {
    await stopHarness(harness);
    await proxy.close();
  });

  it('is cut at LDAP_TIMEOUT_MS with a clear card, and the next request is answered', () =>
    scenario(async () => {
      proxy = await startTcpProxy(dcPort());
      harness = await startHarness(proxy.url('ldaps'));
      expect((await harness.ask()).text).toMatch(ANSWERED);

      proxy.freeze();
      const hung = await harness.ask();
      expect(hung.text).toMatch(TOO_SLOW);
      expect(hung.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);

      const next = await harness.ask();
      expect(next.text).toMatch(ANSWERED);
      reportFigure(
        `hung search: cut after ${hung.ms} ms (LDAP_TIMEOUT_MS=${TIMEOUT_MS}); next answer ${next.ms} ms`,
      );
    }));
});
