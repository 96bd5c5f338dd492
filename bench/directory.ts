/**
 * `npm run bench`, directory side: the real Samba DC (started with `bash scripts/dc/dc.sh up`, which
 * the integration tests also do) read through the production LDAP code, and the bot answering over
 * HTTP with a local Teams connector. Figures are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load-config';
import { silentLogger } from '../src/config/logger';
import { LdapAuditSource } from '../src/directory/ldap-audit-source';
import { LdapDirectory } from '../src/directory/ldap-directory';
import { startBot } from '../src/main';
import { personalMessage, postActivity } from '../test/support/bot-harness';
import { startConnectorServer } from '../test/support/connector-server';
import { dcDir, parseEnvFile, testDirectoryOptions } from '../test/support/dc';
import { startNodeFlags } from './start-node-flags';

/** how many questions the bot process answers before its memory is read */
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 200);

type Report = (name: string, value: string) => void;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function timeRuns(
  runs: number,
  run: () => Promise<unknown>,
): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return { first: times[0] ?? Number.NaN, median: median(times.slice(1)) };
}

export async function benchDirectory(report: Report): Promise<void> {
  const envFile = path.join(dcDir(), 'dc.env');
  if (process.env.LDAP_URL === undefined) {
    if (!existsSync(envFile)) {
      report('directory benchmarks', 'skipped: no DC (run `bash scripts/dc/dc.sh up` first)');
      return;
    }
    Object.assign(process.env, parseEnvFile(readFileSync(envFile, 'utf8')));
  }
  process.env.SQLITE_PATH ??= ':memory:';
  // the figures are about answering: everyone may ask (the bench's harness user has no AD account)
  if (process.env.ACCESS_READERS_GROUP === undefined) process.env.ACCESS_OPEN ??= 'true';
  // one harness user asks hundreds of times: the per-person rate limit would measure itself
  process.env.RATE_LIMIT_PER_MINUTE ??= '0';

  const directory = new LdapDirectory(testDirectoryOptions());
  const source = new LdapAuditSource(directory);
  try {
    const audit = await timeRuns(11, () => source.readAccountFacts({ kind: 'all' }));
    const accounts = (await source.readAccountFacts({ kind: 'all' })).length;
    report(
      `readAccountFacts, all ${accounts} fixture MSAs`,
      `${audit.first.toFixed(0)} ms first (connect + bind), ${audit.median.toFixed(0)} ms warm`,
    );
    const host = await timeRuns(21, () => directory.findComputer('srv01.corp.example.test'));
    report('findComputer by DNS name', `${host.median.toFixed(1)} ms warm`);
    const bigGroup = `CN=Big Group,OU=Groups,${process.env.LDAP_BASE_DN ?? ''}`;
    const big = await timeRuns(6, () => directory.listGroupMemberDns(bigGroup));
    report('listGroupMemberDns, 1,600 members', `${big.median.toFixed(0)} ms warm`);
  } finally {
    await directory.close();
  }

  const connector = await startConnectorServer();
  const bot = await startBot(loadConfig(process.env), { port: 0, host: '127.0.0.1', logger: silentLogger });
  try {
    const ask = async (text: string): Promise<void> => {
      const before = connector.activities.length;
      await postActivity(bot.messagesUrl, personalMessage(text, { serviceUrl: connector.serviceUrl }));
      await connector.waitForActivities(before + 1);
    };
    const find = await timeRuns(31, () => ask('find sMSAs on SRV01'));
    report(
      'HTTP round trip "find sMSAs on SRV01"',
      `${find.median.toFixed(0)} ms median (first ${find.first.toFixed(0)} ms)`,
    );
    const auditAll = await timeRuns(11, () => ask('audit sMSAs'));
    report('HTTP round trip "audit sMSAs"', `${auditAll.median.toFixed(0)} ms median`);
  } finally {
    await bot.stop();
  }

  // The bot as `npm start` runs it (its own process, compiled, SQLite store), after 200 answers.
  const port = await freePort();
  const child = spawn(process.execPath, [...startNodeFlags(), 'dist/src/main.js'], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}/api/messages`;
    await waitForHealth(`http://127.0.0.1:${port}/healthz`);
    connector.clear();
    for (let i = 0; i < ANSWERS; i++) {
      await postActivity(
        url,
        personalMessage(i % 2 === 0 ? 'find sMSAs on SRV01' : 'audit sMSAs', {
          serviceUrl: connector.serviceUrl,
        }),
      );
    }
    await connector.waitForActivities(ANSWERS, 120_000);
    report(`bot process RSS after ${ANSWERS} answers (npm start)`, `${rssMb(child.pid)} MB`);
  } finally {
    child.kill('SIGTERM');
    await connector.close();
  }
}

function rssMb(pid: number | undefined): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return (kb / 1024).toFixed(0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the bot did not answer ${url}`);
}
