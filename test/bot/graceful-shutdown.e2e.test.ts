import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { personalMessage, postActivity } from '../support/bot-harness';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { reportFigure } from '../support/report-figure';
import { startTcpProxy } from '../support/tcp-proxy';
import type { TcpProxy } from '../support/tcp-proxy';

/**
 * SIGTERM on a real `node src/main.ts` process over HTTP with the real DC: a turn whose directory
 * answer is held back (a loopback proxy holds the DC's bytes) is in flight when the signal comes;
 * the reply must still reach the connector, new requests must be refused, and the process must
 * exit 0 on its own.
 */
const ROOT = path.join(__dirname, '..', '..');

function dcPort(): number {
  const url = new URL((process.env.LDAP_URL ?? '').split(',')[0] ?? '');
  return Number(url.port || (url.protocol === 'ldaps:' ? 636 : 389));
}

describe('graceful shutdown on SIGTERM', () => {
  let proxy: TcpProxy;
  let connector: ConnectorServer;
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child !== null && child.exitCode === null) child.kill('SIGKILL');
    await connector.close();
    await proxy.close();
  });

  it('finishes the in-flight turn (its reply arrives), refuses new requests, closes and exits 0', async () => {
    proxy = await startTcpProxy(dcPort());
    connector = await startConnectorServer();
    const lines: string[] = [];
    const running = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        LDAP_URL: proxy.url('ldaps'),
        PORT: '0',
        HOST: '127.0.0.1',
        SQLITE_PATH: ':memory:',
        SHUTDOWN_DRAIN_MS: '15000',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = running;
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
    let pending = '';
    const listening = new Promise<string>((resolve, reject) => {
      running.stdout.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          const url = /listening on (http:\/\/\S+)"/.exec(line)?.[1];
          if (url !== undefined) resolve(url);
        }
      });
      void exited.then((code) =>
        reject(new Error(`the bot exited (${code}) before listening: ${lines.join('\n')}`)),
      );
    });
    running.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const messagesUrl = await listening;
    /** resolves once the bot has logged `count` lines with this message */
    const logged = async (msg: string, count = 1): Promise<void> => {
      const needle = `"msg":"${msg}"`;
      while (lines.filter((line) => line.includes(needle)).length < count) {
        if (running.exitCode !== null) throw new Error(`the bot exited: ${lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const ask = (text: string): Promise<number> =>
      postActivity(messagesUrl, personalMessage(text, { serviceUrl: connector.serviceUrl })).then(
        (r) => r.status,
      );

    // a first answer binds the connection through the proxy
    expect(await ask('find sMSAs on SRV01')).toBe(200);
    await connector.waitForActivities(1, 20_000);

    proxy.hold();
    const slowTurn = ask('find sMSAs on SRV02');
    // the bot has started the turn (it logs each message) and waits for the held directory
    await logged('message', 2);
    expect(connector.activities).toHaveLength(1);
    const signalledAt = performance.now();
    running.kill('SIGTERM');
    await logged('shutting down');

    // no new turn is taken while the old one finishes
    const late = await ask('help').catch(() => 'refused' as const);
    expect([503, 'refused']).toContain(late);

    proxy.release();
    expect(await slowTurn).toBe(200);
    const [, reply] = await connector.waitForActivities(2, 20_000);
    expect(JSON.stringify(reply!.body)).toMatch(/svc_app02/);
    expect(await exited).toBe(0);
    const exitMs = Math.round(performance.now() - signalledAt);
    expect(connector.activities).toHaveLength(2);
    const log = lines.join('\n');
    expect(log).toContain('"shutting down"');
    expect(log).not.toContain('shutdown cut turns');
    reportFigure(`SIGTERM with a turn in flight: its reply arrived, the process exited 0 after ${exitMs} ms`);
  }, 180_000);
});
