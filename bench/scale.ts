/**
 * `npm run bench` against the seeded scale DC (`npm run bench:seed`), or with `--smoke` against the
 * tests' DC with a few iterations: msa-warden answering over HTTP in its own process
 * (`node dist/src/main.js`, so its RSS is its own), with every LDAP search it makes recorded
 * (search-probe.cjs); beside each answer two floors: issue #12's, bare paged searches written by hand
 * for the objects and attributes the answer needs (floor.ts: the target is 1.5× of it), and the
 * replay, the answer's own searches made again bare over one connection (search-floor.ts: the bot's
 * overhead over its own LDAP work); and the answer less the `help` row (the Bot Framework HTTP turn);
 * then 50 users at once, and a soak with the bot's RSS and its heap after a full GC sampled along the
 * way. Figures, never assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultAuditConfig } from '../src/domain/audit-config';
import { conversationOf, personalMessage, postActivity, type HarnessUser } from '../test/support/bot-harness';
import { startConnectorServer, type ConnectorServer } from '../test/support/connector-server';
import { parseEnvFile } from '../test/support/dc';
import { BENCH_OU, hostName, type GroundTruth } from './seed/bench-domain';
import { checkGroundTruth, type GroundTruthComparison } from './seed/check-ground-truth';
import { machine, ms, tableLines } from './bench-table';
import { benchDirectory } from './bench-directory';
import { askDigest, DIGEST_ANSWER } from './digest-bench';
import { defaultSampleEvery, runSoak, soakSummary, type AfterGc } from './soak';
import { SearchFloor, searchesSummary, takeSearches, type RecordedSearch } from './search-floor';
import { Floor, type FloorRead } from './floor';
import { cpuMs, dcProcesses } from './process-cpu';

type Env = Record<string, string>;

export interface ScaleOptions {
  /** folder holding dc.env (and bench-ground-truth.json for the scale DC) */
  dcDir: string;
  smoke: boolean;
  soakAnswers: number;
  /** RSS and heap after GC every this many soak answers (default: about 50 points) */
  soakSampleEvery?: number;
  /** where the results JSON goes; none: not written */
  resultsFile?: string;
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

/** `after` runs after each run (the warm-up too), outside the timing */
async function repeat(runs: number, run: () => Promise<unknown>, after?: () => void): Promise<Stats> {
  await run(); // warm-up: connect, bind, JIT
  after?.();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
    after?.();
  }
  return stats(times);
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
    private readonly dataDir: string,
  ) {}

  /** the bot's LDAP searches since the last call (search-probe.cjs), in the order they started */
  takeSearches(): RecordedSearch[] {
    return takeSearches(path.join(this.dataDir, 'searches.jsonl'));
  }

  static async start(
    env: Env,
    connector: ConnectorServer,
    heapFile: string,
    botArgs: string[],
  ): Promise<Bot> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msa-warden-bench-'));
    const port = 39000 + Math.floor(Math.random() * 1000);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // a file, as `npm start` keeps it: in memory, the audit trail (a row per answer) would be
      // the process's own memory and a soak of thousands of answers would measure the trail growing
      SQLITE_PATH: path.join(dataDir, 'msa-warden.sqlite'),
      ACCESS_OPEN: 'true',
      // a few bench users ask thousands of times: the per-person rate limit (30 a minute by default)
      // would answer most of them with its refusal, and the bench would measure that
      RATE_LIMIT_PER_MINUTE: '0',
      BENCH_HEAP_FILE: heapFile,
      BENCH_SEARCH_LOG: path.join(dataDir, 'searches.jsonl'),
    };
    delete childEnv.DATABASE_URL; // SQLite: the figures are about the directory and the bot
    delete childEnv.ACCESS_READERS_GROUP;
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--require',
        path.join(__dirname, 'heap-probe.cjs'),
        '--require',
        path.join(__dirname, 'search-probe.cjs'),
        ...botArgs,
      ],
      { cwd: path.join(__dirname, '..'), env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const bot = new Bot(child, `http://127.0.0.1:${port}/api/messages`, connector, heapFile, dataDir);
    for (let i = 0; i < 400; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return bot;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await bot.stop();
    throw new Error('the bot process did not answer /healthz');
  }

  private count(conversation: string): number {
    const all = this.connector.activities;
    for (; this.seen < all.length; this.seen++) {
      const { conversationId: id, body } = all[this.seen]!;
      if (body.summary?.startsWith(RATE_LIMITED) === true)
        throw new Error(`the bot refused a bench request: ${body.summary}`);
      this.perConversation.set(id, (this.perConversation.get(id) ?? 0) + 1);
    }
    return this.perConversation.get(conversation) ?? 0;
  }

  /** POST → the `replies`-th reply in this user's conversation at the connector, in ms */
  async ask(user: HarnessUser, text: string, replies = 1): Promise<number> {
    const conversation = conversationOf(user);
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

  /**
   * Forgets the connector's recorded activities once there are more than `over` (a soak would keep
   * them all) without losing count:
   * every activity is counted first and the per-conversation counts go on, so an ask waiting for
   * its reply while another clears still sees it arrive.
   */
  forgetActivities(over = 2000): void {
    if (this.connector.activities.length <= over) return;
    this.count('');
    this.connector.clear();
    this.seen = 0;
  }

  /** CPU milliseconds the bot's process has used so far */
  cpuMs(): number {
    return this.child.pid === undefined ? NaN : cpuMs([this.child.pid]);
  }

  memory(): { rssMb: number; peakRssMb: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
  }

  /** the bot's heap after a full GC (heap-probe.cjs answers SIGUSR2) */
  async heapAfterGcMb(): Promise<number> {
    return Math.round((await this.afterGc()).heapUsedMb);
  }

  /** the bot's heap and external memory after a full GC, in MB to one decimal */
  async afterGc(): Promise<AfterGc> {
    writeFileSync(this.heapFile, '');
    this.child.kill('SIGUSR2');
    const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
    for (let i = 0; i < 500; i++) {
      const text = existsSync(this.heapFile) ? readFileSync(this.heapFile, 'utf8') : '';
      if (text !== '') {
        const usage = JSON.parse(text) as {
          heapUsed: number;
          heapTotal: number;
          external: number;
          spaces: Record<string, { size: number; used: number }>;
        };
        return {
          heapUsedMb: mb(usage.heapUsed),
          heapTotalMb: mb(usage.heapTotal),
          externalMb: mb(usage.external),
          spaces: Object.fromEntries(
            Object.entries(usage.spaces).map(([name, s]) => [
              name,
              { sizeMb: mb(s.size), usedMb: mb(s.used) },
            ]),
          ),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { heapUsedMb: NaN, heapTotalMb: NaN, externalMb: NaN, spaces: {} };
  }

  /** starts the peak-RSS figure (VmHWM) again from the current RSS, so each answer has its own peak */
  resetPeakRss(): void {
    try {
      writeFileSync(`/proc/${this.child.pid}/clear_refs`, '5');
    } catch {
      // not allowed here: the peak stays the peak since start, which is still an upper bound
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.heapFile, { force: true });
  }
}

/** the summary of the rate limiter's refusal (src/limits/limit-chat-app.ts) */
const RATE_LIMITED = 'You are sending requests faster than I answer them';

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
  /** LDAP searches the bot made for one answer (the last timed run), and the entries they returned */
  searches: number;
  entries: number;
  /** the slowest of those searches, as the bot timed it */
  slowestSearch: ReturnType<typeof searchesSummary>['slowest'];
  /** each of those searches in a line: time, entries, scope, base, filter */
  searchList: string[];
  /** issue #12's floor: bare paged searches for the same objects and attributes (floor.ts); NaN for help */
  floorMedian: number;
  floorP95: number;
  /** searches and entries of one floor run */
  floorSearches: number;
  floorEntries: number;
  /** every attribute the bot asked for in the answer, and those the floor asked for (sorted) */
  attributes: string[];
  floorAttributes: string[];
  /** median over the floor: the issue's target is 1.5 */
  ratio: number;
  /** the answer's own searches replayed bare over one connection (search-floor.ts) */
  replayMedian: number;
  replayP95: number;
  /** median over the replay: the bot's overhead over its own LDAP work */
  replayRatio: number;
  /** median minus the `help` row's median: the answer without the Bot Framework HTTP turn */
  netMedian: number;
  /** netMedian over the floor */
  netRatio: number;
  /** the bot's peak RSS while this answer was measured */
  peakRssMb: number;
  /** CPU milliseconds per answer (mean over the bot's runs, warm-up included): the bot's process, the DC's */
  botCpuMs: number;
  dcCpuMs: number;
}

/** what the lookup users would wait for by CPU alone (see process-cpu.ts) */
export interface CpuBound {
  cores: number;
  users: number;
  /** CPU per lookup while the 40 lookup users asked at once with no audit: the bot's, the DC's */
  botCpuMs: number;
  dcCpuMs: number;
  /** users × (bot + DC CPU per lookup) / cores: the least mean wait of people asking with no pause */
  leastMeanWaitMs: number;
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
  const replay = await SearchFloor.open({
    url: (env.LDAP_URL ?? '').split(',')[0] ?? '',
    caCertPem: readFileSync(env.LDAP_CA_CERT ?? '', 'utf8'),
    bindDn: env.LDAP_BIND_DN ?? '',
    bindPassword: env.LDAP_BIND_PASSWORD ?? '',
  }).catch(async (error: unknown) => {
    await floor.close();
    throw error;
  });
  const connector = await startConnectorServer();
  const heapFile = path.join(os.tmpdir(), `msa-warden-bench-heap-${process.pid}.json`);
  const bot = await Bot.start(env, connector, heapFile, options.botArgs ?? ['dist/src/main.js']).catch(
    async (error: unknown) => {
      // nothing may stay open when the bot does not start (jest would wait for it)
      await connector.close();
      await floor.close();
      await replay.close();
      throw error;
    },
  );
  const rows: AnswerRow[] = [];
  const dcPids = dcProcesses(options.dcDir);
  const dcCpu = (): number => (dcPids.length === 0 ? NaN : cpuMs(dcPids));
  try {
    const idleMemory = bot.memory();
    const alex = user(0);
    const answers: {
      answer: string;
      text: string;
      runs: number;
      replies?: number;
      /** issue #12's floor for it (none for help) */
      floor?: () => Promise<void>;
      /** how the answer is asked when it is not a reply in alex's chat (the digest) */
      ask?: () => Promise<number>;
    }[] = [
      { answer: 'help (transport floor)', text: 'help', runs: runs.quick },
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
        floor: () => floor.listAccounts(['sMSA']),
        runs: runs.list,
      },
      {
        answer: 'audit privileged sMSAs',
        text: 'audit privileged sMSAs',
        floor: () => floor.privileged(),
        runs: runs.audit,
      },
      { answer: 'audit sMSAs', text: 'audit sMSAs', floor: () => floor.audit(), runs: runs.audit },
      // the digest reads what `audit sMSAs` reads (readAccountFacts over every MSA): the same floor
      {
        answer: DIGEST_ANSWER,
        text: 'digest now',
        floor: () => floor.audit(),
        runs: runs.audit,
        ask: () => askDigest(bot.url, connector, alex),
      },
    ];
    let transport = NaN; // the help row's median: the HTTP turn with no directory in it
    for (const a of answers) {
      bot.takeSearches(); // whatever came before
      let searches: RecordedSearch[] = [];
      bot.resetPeakRss();
      const [botCpuBefore, dcCpuBefore] = [bot.cpuMs(), dcCpu()];
      const b = await repeat(
        a.runs,
        a.ask ?? (() => bot.ask(alex, a.text, a.replies ?? 1)),
        () => (searches = bot.takeSearches()),
      );
      // per answer: the warm-up run is in the CPU figures too
      const botCpuMs = (bot.cpuMs() - botCpuBefore) / (a.runs + 1);
      const dcCpuMs = (dcCpu() - dcCpuBefore) / (a.runs + 1);
      const peakRssMb = bot.memory().peakRssMb;
      // the replay: the searches of the last timed answer, made again bare
      const r = await repeat(a.runs, () => replay.replay(searches));
      // the issue's floor, written by hand; its searches and entries from the last run
      let floorRead: FloorRead = { searches: 0, entries: 0, attributes: [] };
      const aFloor = a.floor;
      const f = aFloor === undefined ? null : await repeat(a.runs, aFloor, () => (floorRead = floor.take()));
      if (a.text === 'help') transport = b.median;
      const summary = searchesSummary(searches);
      const net = b.median - transport;
      const hasReplay = summary.searches > 0 && r.median >= 0.05;
      const floorMedian = f === null ? NaN : f.median;
      const row: AnswerRow = {
        answer: a.answer,
        median: b.median,
        p95: b.p95,
        runs: b.runs,
        searches: summary.searches,
        entries: summary.entries,
        slowestSearch: summary.slowest,
        searchList: summary.list,
        floorMedian,
        floorP95: f === null ? NaN : f.p95,
        floorSearches: floorRead.searches,
        floorEntries: floorRead.entries,
        attributes: [...new Set(searches.flatMap((s) => s.attributes))].sort(),
        floorAttributes: floorRead.attributes,
        ratio: floorMedian >= 0.05 ? b.median / floorMedian : NaN, // help has no LDAP floor
        replayMedian: r.median,
        replayP95: r.p95,
        replayRatio: hasReplay ? b.median / r.median : NaN,
        netMedian: a.text === 'help' ? NaN : net,
        netRatio: floorMedian >= 0.05 && a.text !== 'help' ? net / floorMedian : NaN,
        peakRssMb,
        botCpuMs,
        dcCpuMs,
      };
      rows.push(row);
      const ratio = (x: number): string => (Number.isNaN(x) ? '    -' : x.toFixed(2).padStart(5));
      const time = (x: number): string => (Number.isNaN(x) ? '        -' : ms(x));
      log(
        `${row.answer.padEnd(30)} median ${ms(row.median)}  p95 ${ms(row.p95)}  ${String(row.searches).padStart(4)} searches  floor ${time(
          row.floorMedian,
        )} (${row.floorSearches} searches, ${row.floorEntries} of the bot's ${row.entries} entries)  ratio ${ratio(row.ratio)}  replay ${ms(
          row.replayMedian,
        )}  ratio ${ratio(row.replayRatio)}  − transport ${time(row.netMedian)}  CPU ${ms(row.botCpuMs).trim()} bot + ${ms(
          row.dcCpuMs,
        ).trim()} DC  (${row.runs} runs)`,
      );
      if (summary.slowest !== null && summary.slowest.ms >= 1000)
        log(
          `  slowest search ${ms(summary.slowest.ms)}: ${summary.slowest.entries} entries under ${summary.slowest.base}, ${summary.slowest.filter}`,
        );
    }
    const afterAnswers = bot.memory();
    const tablePeakRssMb = Math.max(...rows.map((r) => r.peakRssMb));
    log(
      `bot RSS: ${idleMemory.rssMb} MB idle, ${afterAnswers.rssMb} MB after the table, peak ${tablePeakRssMb} MB`,
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
    const [aloneBotCpu, aloneDcCpu] = [bot.cpuMs(), dcCpu()];
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        if (i % 5 === 4) return;
        const u = user(200 + i);
        for (let k = 0; k < perUser; k++) lookupsAlone.push(await bot.ask(u, quick(i + k)));
      }),
    );
    const aloneP95 = stats(lookupsAlone).p95;
    const cores = os.availableParallelism();
    const lookupUsers = 40;
    const perLookup = {
      bot: (bot.cpuMs() - aloneBotCpu) / lookupsAlone.length,
      dc: (dcCpu() - aloneDcCpu) / lookupsAlone.length,
    };
    const cpuBound: CpuBound = {
      cores,
      users: lookupUsers,
      botCpuMs: perLookup.bot,
      dcCpuMs: perLookup.dc,
      leastMeanWaitMs: (lookupUsers * (perLookup.bot + perLookup.dc)) / cores,
    };
    const concurrencyStart = performance.now();
    bot.resetPeakRss();
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
      cpuBound,
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
    log(
      `  CPU per lookup with the 40 lookup users at once: ${ms(cpuBound.botCpuMs).trim()} bot + ${ms(
        cpuBound.dcCpuMs,
      ).trim()} DC; ${lookupUsers} people asking with no pause on ${cores} cores wait at least ${lookupUsers} × ${ms(
        cpuBound.botCpuMs + cpuBound.dcCpuMs,
      ).trim()} / ${cores} = ${ms(cpuBound.leastMeanWaitMs).trim()} on average, by CPU alone (target: 2 × idle p95 = ${ms(
        2 * idleP95,
      ).trim()})`,
    );

    // --- soak ---------------------------------------------------------------------------------------
    bot.takeSearches(); // the log is not kept through the soak: emptied before and after
    bot.resetPeakRss();
    const soak = await runSoak(bot, {
      answers: options.soakAnswers,
      sampleEvery: options.soakSampleEvery ?? defaultSampleEvery(options.soakAnswers),
      mix: [`find sMSAs on ${host}`, `show ${account}`, 'help'],
      user: (w) => user(200 + w),
      log,
    });
    log(soakSummary(soak));
    bot.takeSearches();

    // --- correctness ------------------------------------------------------------------------------
    let correctness: GroundTruthComparison | null = null;
    if (truth !== null) {
      const directory = benchDirectory(env);
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
        peakRssMb: Math.max(tablePeakRssMb, concurrency.peakRssMb, soak.peakRssMb),
      },
      concurrency,
      soak,
      correctness,
    };
    const domainWords =
      truth === null
        ? "the tests' fixtures (smoke)"
        : `${truth.version}: ${Object.entries(truth.size)
            .map(([k, v]: [string, number]) => `${v.toLocaleString('en-US')} ${k}`)
            .join(', ')}`;
    for (const line of tableLines(rows, result.machine, domainWords)) log(line);
    log(`bot peak RSS over the whole run: ${result.memory.peakRssMb} MB`);
    if (options.resultsFile !== undefined) {
      mkdirSync(path.dirname(options.resultsFile), { recursive: true });
      writeFileSync(options.resultsFile, `${JSON.stringify(result, null, 2)}\n`);
      const shown = path.relative(process.cwd(), options.resultsFile);
      log(`results written to ${shown.startsWith('..') ? options.resultsFile : shown}`);
    }
  } finally {
    await bot.stop();
    await connector.close();
    await floor.close();
    await replay.close();
  }
}
