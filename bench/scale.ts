/**
 * `npm run bench` against the seeded scale DC (`npm run bench:seed`), or with `--smoke` against the
 * tests' DC with a few iterations: for each answer the LDAP floor (a bare paged ldapts search over one
 * connection for the same objects and attributes) beside msa-warden answering over HTTP in its own
 * process (`node dist/src/main.js`, so its RSS is its own); then 50 users at once, and a soak with
 * the bot's RSS and its heap after a full GC sampled along the way. Figures, never assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AndFilter, Client, EqualityFilter, PresenceFilter, type Control, type Filter } from 'ldapts';
import { defaultAuditConfig } from '../src/domain/audit-config';
import { LdapDirectory } from '../src/directory/ldap-directory';
import {
  COMPUTER_ATTRIBUTES,
  SERVICE_ACCOUNT_ATTRIBUTES,
  BINARY_ATTRIBUTES,
} from '../src/directory/map-entry';
import {
  computerByNameFilter,
  distinguishedNamesFilter,
  serviceAccountByNameFilter,
  serviceAccountsFilter,
} from '../src/directory/filters';
import { SdFlagsControl } from '../src/directory/sd-flags-control';
import { personalMessage, postActivity, type HarnessUser } from '../test/support/bot-harness';
import { startConnectorServer, type ConnectorServer } from '../test/support/connector-server';
import { parseEnvFile } from '../test/support/dc';
import { BENCH_OU, hostName, type GroundTruth } from './seed/bench-domain';
import { checkGroundTruth, type GroundTruthComparison } from './seed/check-ground-truth';

type Env = Record<string, string>;

export interface ScaleOptions {
  /** folder holding dc.env (and bench-ground-truth.json for the scale DC) */
  dcDir: string;
  smoke: boolean;
  soakAnswers: number;
  /** how node starts the bot: the compiled dist/src/main.js (npm run bench), or the sources with tsx */
  botArgs?: string[];
}

interface Stats {
  median: number;
  p95: number;
  runs: number;
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

async function repeat(runs: number, run: () => Promise<unknown>): Promise<Stats> {
  await run(); // warm-up: connect, bind, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return stats(times);
}

const ACCOUNT_AUDIT_ATTRIBUTES = [
  ...SERVICE_ACCOUNT_ATTRIBUTES,
  'primaryGroupID',
  'nTSecurityDescriptor',
  'msDS-AllowedToActOnBehalfOfOtherIdentity',
  'msDS-GroupMSAMembership',
];
const DESCRIPTORS = [
  'nTSecurityDescriptor',
  'msDS-AllowedToActOnBehalfOfOtherIdentity',
  'msDS-GroupMSAMembership',
];

/** The floors: the same objects and attributes each answer needs, as bare paged searches on one connection. */
class Floor {
  private constructor(
    private readonly client: Client,
    private readonly baseDn: string,
  ) {}

  static async open(env: Env): Promise<Floor> {
    const client = new Client({
      url: (env.LDAP_URL ?? '').split(',')[0] ?? '',
      timeout: 120_000,
      tlsOptions: { ca: [readFileSync(env.LDAP_CA_CERT ?? '', 'utf8')] },
    });
    await client.bind(env.LDAP_BIND_DN ?? '', env.LDAP_BIND_PASSWORD ?? '');
    return new Floor(client, env.LDAP_BASE_DN ?? '');
  }

  async search(
    filter: Filter,
    attributes: string[],
    binary: string[] = BINARY_ATTRIBUTES,
    controls?: Control[],
  ): Promise<Record<string, unknown>[]> {
    const options = {
      scope: 'sub' as const,
      filter,
      attributes,
      explicitBufferAttributes: binary,
      paged: { pageSize: 1000 },
    };
    const { searchEntries } = controls
      ? await this.client.search(this.baseDn, options, controls)
      : await this.client.search(this.baseDn, options);
    return searchEntries;
  }

  /** the computer, then its sMSAs by DN */
  async findHost(host: string): Promise<number> {
    // by the indexed sAMAccountName: the cheapest way to the computer
    const [computer] = await this.search(computerByNameFilter(host), COMPUTER_ATTRIBUTES);
    const dns = ([] as string[]).concat((computer?.['msDS-HostServiceAccount'] as string[] | string) ?? []);
    if (dns.length === 0) return 0;
    const filter = new AndFilter({ filters: [serviceAccountsFilter(), distinguishedNamesFilter(dns)] });
    return (await this.search(filter, SERVICE_ACCOUNT_ATTRIBUTES)).length;
  }

  /** the account, then its hosts by DN */
  async showAccount(name: string): Promise<number> {
    const [account] = await this.search(serviceAccountByNameFilter(name), SERVICE_ACCOUNT_ATTRIBUTES);
    const dns = ([] as string[]).concat((account?.['msDS-HostServiceAccountBL'] as string[] | string) ?? []);
    if (dns.length === 0) return 1;
    return 1 + (await this.search(distinguishedNamesFilter(dns), COMPUTER_ATTRIBUTES)).length;
  }

  /** every MSA with the list's attributes (the list counts them all, shows the first page) */
  async listAccounts(): Promise<number> {
    return (await this.search(serviceAccountsFilter(), SERVICE_ACCOUNT_ATTRIBUTES)).length;
  }

  /** every MSA's groups and SID, every group's groups: what the privileged check walks */
  async privileged(): Promise<number> {
    const accounts = await this.search(serviceAccountsFilter(), [
      'sAMAccountName',
      'objectSid',
      'memberOf',
      'primaryGroupID',
    ]);
    const groups = await this.search(new EqualityFilter({ attribute: 'objectClass', value: 'group' }), [
      'sAMAccountName',
      'objectSid',
      'memberOf',
    ]);
    return accounts.length + groups.length;
  }

  /** every MSA with its descriptors, every group, every host that links an sMSA: what the audit reads */
  async audit(): Promise<number> {
    const accounts = await this.search(
      serviceAccountsFilter(),
      ACCOUNT_AUDIT_ATTRIBUTES,
      [...BINARY_ATTRIBUTES, ...DESCRIPTORS],
      [new SdFlagsControl()],
    );
    const groups = await this.search(new EqualityFilter({ attribute: 'objectClass', value: 'group' }), [
      'sAMAccountName',
      'cn',
      'objectSid',
      'memberOf',
    ]);
    const hosts = await this.search(
      new PresenceFilter({ attribute: 'msDS-HostServiceAccount' }),
      COMPUTER_ATTRIBUTES,
    );
    return accounts.length + groups.length + hosts.length;
  }

  close(): Promise<void> {
    return this.client.unbind();
  }
}

/** The bot as `npm start` runs it, in its own process; every user a conversation of its own. */
class Bot {
  private seen = 0;
  private readonly perConversation = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private readonly connector: ConnectorServer,
    private readonly heapFile: string,
  ) {}

  static async start(
    env: Env,
    connector: ConnectorServer,
    heapFile: string,
    botArgs: string[],
  ): Promise<Bot> {
    const port = 39000 + Math.floor(Math.random() * 1000);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SQLITE_PATH: ':memory:',
      ACCESS_OPEN: 'true',
      BENCH_HEAP_FILE: heapFile,
    };
    delete childEnv.DATABASE_URL; // SQLite in memory: the figures are about the directory and the bot
    delete childEnv.ACCESS_READERS_GROUP;
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--require', path.join(__dirname, 'heap-probe.cjs'), ...botArgs],
      { cwd: path.join(__dirname, '..'), env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const bot = new Bot(child, `http://127.0.0.1:${port}/api/messages`, connector, heapFile);
    for (let i = 0; i < 400; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return bot;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    throw new Error('the bot process did not answer /healthz');
  }

  private count(conversation: string): number {
    const all = this.connector.activities;
    for (; this.seen < all.length; this.seen++) {
      const id = all[this.seen]!.conversationId;
      this.perConversation.set(id, (this.perConversation.get(id) ?? 0) + 1);
    }
    return this.perConversation.get(conversation) ?? 0;
  }

  /** POST → the `replies`-th reply in this user's conversation at the connector, in ms */
  async ask(user: HarnessUser, text: string, replies = 1): Promise<number> {
    const conversation = `a:1personal-chat-${user.aadObjectId}`;
    const before = this.count(conversation);
    const start = performance.now();
    const posted = await postActivity(
      this.url,
      personalMessage(text, { serviceUrl: this.connector.serviceUrl, user }),
    );
    if (posted.status >= 300) throw new Error(`the bot answered "${text}" with HTTP ${posted.status}`);
    for (let waited = 0; this.count(conversation) < before + replies; waited++) {
      if (waited > 300_000) throw new Error(`no reply to "${text}" within 5 min`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return performance.now() - start;
  }

  /** after connector.clear(): counting starts again from the first recorded activity */
  resetCounts(): void {
    this.seen = 0;
    this.perConversation.clear();
  }

  memory(): { rssMb: number; peakRssMb: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
  }

  /** the bot's heap after a full GC (heap-probe.cjs answers SIGUSR2) */
  async heapAfterGcMb(): Promise<number> {
    writeFileSync(this.heapFile, '');
    this.child.kill('SIGUSR2');
    for (let i = 0; i < 500; i++) {
      const text = existsSync(this.heapFile) ? readFileSync(this.heapFile, 'utf8') : '';
      if (text !== '') return Math.round((JSON.parse(text) as { heapUsed: number }).heapUsed / 1024 / 1024);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return NaN;
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

const user = (i: number): HarnessUser => ({
  id: `29:bench-user-${i}`,
  name: `Bench User ${i}`,
  aadObjectId: `bbbbbbbb-0000-0000-0000-${String(i).padStart(12, '0')}`,
});

export interface AnswerRow {
  answer: string;
  median: number;
  p95: number;
  runs: number;
  floorMedian: number;
  floorP95: number;
  ratio: number;
}

export async function benchScale(options: ScaleOptions): Promise<void> {
  const env = parseEnvFile(readFileSync(path.join(options.dcDir, 'dc.env'), 'utf8'));
  const truthFile = path.join(options.dcDir, 'bench-ground-truth.json');
  const truth = options.smoke ? null : (JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth);
  // a host with the most sMSAs and an account on it; the fixtures' SRV01 and svc_sql01 for the smoke run
  const [host, hostAccounts] = truth
    ? (Object.entries(truth.hosts).sort(
        (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
      )[0] ?? [hostName(1), []])
    : ['SRV01', ['svc_sql01']];
  const account = hostAccounts[0] ?? 'svc_sql01';
  // BENCH_RUNS scales the repeats down for a quick look (e.g. 0.3)
  const scale = Number(process.env.BENCH_RUNS ?? 1);
  const times = (n: number): number => Math.max(1, Math.round(n * scale));
  const runs = options.smoke
    ? { quick: 3, list: 2, audit: 1 }
    : { quick: times(30), list: times(11), audit: times(7) };
  const started = new Date();
  const log = (line: string): void => console.log(line);
  log(`\nscale bench against ${env.LDAP_URL} (${options.dcDir}); host ${host}, account ${account}`);

  const floor = await Floor.open(env);
  const connector = await startConnectorServer();
  const heapFile = path.join(os.tmpdir(), `msa-warden-bench-heap-${process.pid}.json`);
  const bot = await Bot.start(env, connector, heapFile, options.botArgs ?? ['dist/src/main.js']);
  const rows: AnswerRow[] = [];
  try {
    const idleMemory = bot.memory();
    const alex = user(0);
    const answers: {
      answer: string;
      text: string;
      floor: () => Promise<number>;
      runs: number;
      replies?: number;
    }[] = [
      { answer: 'help (transport floor)', text: 'help', floor: () => Promise.resolve(0), runs: runs.quick },
      {
        answer: `find sMSAs on ${host}`,
        text: `find sMSAs on ${host}`,
        floor: () => floor.findHost(host),
        runs: runs.quick,
      },
      {
        answer: `show ${account}`,
        text: `show ${account}`,
        floor: () => floor.showAccount(account),
        runs: runs.quick,
      },
      {
        answer: 'list sMSAs (first page)',
        text: 'list sMSAs',
        floor: () => floor.listAccounts(),
        runs: runs.list,
      },
      {
        answer: 'audit privileged sMSAs',
        text: 'audit privileged sMSAs',
        floor: () => floor.privileged(),
        runs: runs.audit,
      },
      { answer: 'audit sMSAs', text: 'audit sMSAs', floor: () => floor.audit(), runs: runs.audit },
    ];
    // the digest build is not measured yet: a digest goes to a channel, whose conversation id changes
    // with every post, and the per-conversation reply count above does not follow it
    for (const a of answers) {
      const f = await repeat(a.runs, a.floor);
      const b = await repeat(a.runs, () => bot.ask(alex, a.text, a.replies ?? 1));
      const row: AnswerRow = {
        answer: a.answer,
        median: b.median,
        p95: b.p95,
        runs: b.runs,
        floorMedian: f.median,
        floorP95: f.p95,
        ratio: f.median >= 0.5 ? b.median / f.median : NaN, // help has no LDAP floor
      };
      rows.push(row);
      log(
        `${row.answer.padEnd(30)} median ${ms(row.median)}  p95 ${ms(row.p95)}  floor ${ms(row.floorMedian)}  ratio ${
          Number.isNaN(row.ratio) ? '   -' : row.ratio.toFixed(2).padStart(5)
        }  (${row.runs} runs)`,
      );
    }
    const afterAnswers = bot.memory();
    log(
      `bot RSS: ${idleMemory.rssMb} MB idle, ${afterAnswers.rssMb} MB after the table, peak ${afterAnswers.peakRssMb} MB`,
    );

    // --- 50 users at once: 40 ask quick questions, 10 ask for full audits --------------------------
    const quick = (i: number): string => (i % 2 === 0 ? `find sMSAs on ${host}` : `show ${account}`);
    const idleQuick = rows.filter((r) => r.answer.startsWith('find') || r.answer.startsWith('show'));
    const idleP95 = Math.max(...idleQuick.map((r) => r.p95));
    const lookups: number[] = [];
    const audits: number[] = [];
    const perUser = options.smoke ? 2 : times(10);
    // the same 40 lookup users without the audits: what the load of lookups alone costs, so the
    // audits' own share of the wait shows (40 people asking at once queue for the bot's one thread)
    const lookupsAlone: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        if (i % 5 === 4) return;
        const u = user(200 + i);
        for (let k = 0; k < perUser; k++) lookupsAlone.push(await bot.ask(u, quick(i + k)));
      }),
    );
    const aloneP95 = stats(lookupsAlone).p95;
    const concurrencyStart = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const u = user(100 + i);
        if (i % 5 === 4) {
          for (let k = 0; k < (options.smoke ? 1 : times(2)); k++)
            audits.push(await bot.ask(u, k % 2 === 0 ? 'audit sMSAs' : 'audit privileged sMSAs'));
          return;
        }
        for (let k = 0; k < perUser; k++) lookups.push(await bot.ask(u, quick(i + k)));
      }),
    );
    const concurrency = {
      users: 50,
      lookups: stats(lookups),
      audits: stats(audits),
      idleLookupP95: idleP95,
      /** the same lookups by the same 40 users at once, with no audit running */
      lookupsAlone: stats(lookupsAlone),
      seconds: (performance.now() - concurrencyStart) / 1000,
      peakRssMb: bot.memory().peakRssMb,
    };
    log(
      `50 users at once: lookups p95 ${ms(concurrency.lookups.p95)} (idle p95 ${ms(idleP95)}, ${(
        concurrency.lookups.p95 / idleP95
      ).toFixed(1)}×; the 40 lookup users alone p95 ${ms(aloneP95)}, ${(
        concurrency.lookups.p95 / aloneP95
      ).toFixed(
        1,
      )}×), audits median ${ms(concurrency.audits.median)}; ${concurrency.seconds.toFixed(0)} s, peak RSS ${
        concurrency.peakRssMb
      } MB`,
    );

    // --- soak ---------------------------------------------------------------------------------------
    // the quick answers a team asks all day, with a list and a full audit every 200 answers (each
    // takes seconds at 5,000 MSAs: more of them would make the soak a test of the directory)
    const mix = [`find sMSAs on ${host}`, `show ${account}`, 'help'];
    const curve: { answers: number; rssMb: number; heapAfterGcMb: number }[] = [];
    const sampleEvery = Math.max(10, Math.floor(options.soakAnswers / 20));
    curve.push({ answers: 0, ...{ rssMb: bot.memory().rssMb }, heapAfterGcMb: await bot.heapAfterGcMb() });
    let done = 0;
    const soakStart = performance.now();
    const IN_FLIGHT = 4;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, w) => {
        while (done < options.soakAnswers) {
          const n = done++;
          // a full audit now and then, as a team would ask during a day
          const text = n % 200 === 199 ? 'audit sMSAs' : n % 200 === 99 ? 'list sMSAs' : mix[n % mix.length]!;
          await bot.ask(user(200 + w), text);
          if ((n + 1) % sampleEvery === 0) {
            const sample = {
              answers: n + 1,
              rssMb: bot.memory().rssMb,
              heapAfterGcMb: await bot.heapAfterGcMb(),
            };
            curve.push(sample);
            log(
              `  soak ${String(sample.answers).padStart(6)} answers: RSS ${sample.rssMb} MB, heap after GC ${sample.heapAfterGcMb} MB`,
            );
          }
          if (connector.activities.length > 2000) {
            connector.clear();
            bot.resetCounts();
          }
        }
      }),
    );
    const soak = {
      answers: options.soakAnswers,
      seconds: (performance.now() - soakStart) / 1000,
      curve,
      peakRssMb: bot.memory().peakRssMb,
    };
    log(`soak: ${soak.answers} answers in ${soak.seconds.toFixed(0)} s, peak RSS ${soak.peakRssMb} MB`);

    // --- correctness ------------------------------------------------------------------------------
    let correctness: GroundTruthComparison | null = null;
    if (truth !== null) {
      const directory = new LdapDirectory({
        urls: (env.LDAP_URL ?? '').split(','),
        bindDn: env.LDAP_BIND_DN ?? '',
        bindPassword: env.LDAP_BIND_PASSWORD ?? '',
        baseDn: env.LDAP_BASE_DN ?? '',
        caCertPem: readFileSync(env.LDAP_CA_CERT ?? '', 'utf8'),
        startTls: false,
        timeoutMs: 120_000,
        connectTimeoutMs: 5000,
      });
      try {
        correctness = await checkGroundTruth(directory, truth, {
          rootDn: BENCH_OU,
          config: defaultAuditConfig,
          hostSample: 50,
        });
      } catch (err) {
        // a failed check is a figure too: written down, the rest of the results kept
        const reason = err instanceof Error ? err.message : String(err);
        correctness = { hostsChecked: 0, privilegedAccounts: 0, mismatches: [`the check failed: ${reason}`] };
      } finally {
        await directory.close();
      }
      log(
        `ground truth: ${correctness.hostsChecked} sampled hosts and ${correctness.privilegedAccounts} privileged accounts; ${
          correctness.mismatches.length === 0
            ? 'all equal'
            : `${correctness.mismatches.length} differ: ${correctness.mismatches.slice(0, 5).join('; ')}`
        }`,
      );
    }

    const result = {
      date: started.toISOString(),
      machine: machine(),
      domain:
        truth === null
          ? 'test fixtures (smoke)'
          : { version: truth.version, size: truth.size, counts: truth.counts },
      sample: { host, account },
      answers: rows,
      memory: {
        idleRssMb: idleMemory.rssMb,
        afterTableRssMb: afterAnswers.rssMb,
        peakRssMb: bot.memory().peakRssMb,
      },
      concurrency,
      soak,
      correctness,
    };
    printTable(rows, result.memory.peakRssMb);
    if (!options.smoke) {
      const dir = path.join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${started.toISOString().slice(0, 10)}.json`);
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      log(`results written to ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    bot.stop();
    await connector.close();
    await floor.close();
  }
}

const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`.padStart(9);

function printTable(rows: AnswerRow[], peakRssMb: number): void {
  console.log('\n| answer | median | p95 | floor | ratio | bot peak RSS |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.answer} | ${ms(r.median).trim()} | ${ms(r.p95).trim()} | ${ms(r.floorMedian).trim()} | ${
        Number.isNaN(r.ratio) ? '-' : `${r.ratio.toFixed(2)}×`
      } | ${peakRssMb} MB |`,
    );
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(1))),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}
