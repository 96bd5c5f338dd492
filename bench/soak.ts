/**
 * The soak of the scale bench: thousands of answers from a few people at once (the quick answers a
 * team asks all day, a list and a full audit now and then), with the bot's RSS and its memory after
 * a full GC sampled every `sampleEvery` answers. The curve is the figure; the summary says whether
 * it reaches a plateau: the least-squares slope of heap-after-GC (and of RSS) over the last half.
 */
import { performance } from 'node:perf_hooks';
import type { HarnessUser } from '../test/support/bot-harness';

/** The bot's memory after a full GC, in MB. */
export interface AfterGc {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** V8's heap spaces: reserved and used */
  spaces: Record<string, { sizeMb: number; usedMb: number }>;
}

/** What the soak needs of the bot process. */
export interface SoakBot {
  ask(user: HarnessUser, text: string): Promise<number>;
  memory(): { rssMb: number; peakRssMb: number };
  /** after a full GC in the bot: what it keeps */
  afterGc(): Promise<AfterGc>;
  /** forgets the connector's recorded activities (when many) without losing the replies still awaited */
  forgetActivities(): void;
}

export interface SoakOptions {
  answers: number;
  sampleEvery: number;
  /** the quick questions, asked in turn */
  mix: string[];
  /** people asking at once */
  inFlight?: number;
  user: (i: number) => HarnessUser;
  log: (line: string) => void;
}

export interface SoakSample {
  answers: number;
  seconds: number;
  rssMb: number;
  heapAfterGcMb: number;
  /** the heap V8 keeps reserved after that GC: RSS follows it, not what is used */
  heapTotalAfterGcMb: number;
  externalAfterGcMb: number;
  /** median answer time since the previous sample */
  medianMs: number;
}

export interface Trend {
  /** least-squares slope over the last half of the soak, MB per 1,000 answers */
  slopeMbPer1000: number;
  /** that slope over the last half's span: how much it grew there */
  growthLastHalfMb: number;
  firstMb: number;
  lastMb: number;
  maxMb: number;
  verdict: 'plateau' | 'growth';
}

export interface SoakResult {
  answers: number;
  seconds: number;
  sampleEvery: number;
  curve: SoakSample[];
  peakRssMb: number;
  /** V8's heap spaces after the last GC: where the reserved heap is */
  heapSpacesAtEnd: AfterGc['spaces'];
  heap: Trend;
  rss: Trend;
  verdict: 'plateau' | 'growth';
}

/** Default sample interval: about 50 points on the curve, never fewer than 10 answers apart. */
export function defaultSampleEvery(answers: number): number {
  return Math.max(10, Math.floor(answers / 50));
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

/**
 * The trend of one series over the second half of the soak. A plateau: it grew by less than
 * `toleranceMb` (or `tolerancePart` of its mean, whichever is larger) across that half.
 */
export function trend(
  points: { answers: number; value: number }[],
  toleranceMb: number,
  tolerancePart: number,
): Trend {
  const total = points.at(-1)?.answers ?? 0;
  const half = points.filter((p) => p.answers >= total / 2);
  const n = half.length;
  const meanX = half.reduce((s, p) => s + p.answers, 0) / n;
  const meanY = half.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of half) {
    num += (p.answers - meanX) * (p.value - meanY);
    den += (p.answers - meanX) ** 2;
  }
  const slope = den === 0 ? 0 : num / den; // MB per answer
  const span = n === 0 ? 0 : half[n - 1]!.answers - half[0]!.answers;
  const growth = slope * span;
  const values = points.map((p) => p.value);
  return {
    slopeMbPer1000: round1(slope * 1000),
    growthLastHalfMb: round1(growth),
    firstMb: values[0] ?? NaN,
    lastMb: values.at(-1) ?? NaN,
    maxMb: Math.max(...values),
    verdict: growth < Math.max(toleranceMb, tolerancePart * meanY) ? 'plateau' : 'growth',
  };
}

export async function runSoak(bot: SoakBot, options: SoakOptions): Promise<SoakResult> {
  const { answers, sampleEvery, mix, log } = options;
  const inFlight = options.inFlight ?? 4;
  const start = performance.now();
  const sample = async (count: number, times: number[]): Promise<SoakSample> => {
    const gc = await bot.afterGc();
    return {
      answers: count,
      seconds: round1((performance.now() - start) / 1000),
      rssMb: bot.memory().rssMb,
      heapAfterGcMb: gc.heapUsedMb,
      heapTotalAfterGcMb: gc.heapTotalMb,
      externalAfterGcMb: gc.externalMb,
      medianMs: times.length === 0 ? NaN : round1(median(times)),
    };
  };
  const curve: SoakSample[] = [await sample(0, [])];
  let window: number[] = [];
  let done = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      while (done < answers) {
        const n = done++;
        // a full audit now and then, as a team would ask during a day (each takes seconds at 5,000
        // MSAs: more of them would make the soak a test of the directory)
        const text = n % 200 === 199 ? 'audit sMSAs' : n % 200 === 99 ? 'list sMSAs' : mix[n % mix.length]!;
        window.push(await bot.ask(options.user(w), text));
        if ((n + 1) % sampleEvery === 0 || n + 1 === answers) {
          const times = window;
          window = [];
          const point = await sample(n + 1, times);
          curve.push(point);
          log(
            `  soak ${String(point.answers).padStart(6)} answers, ${String(Math.round(point.seconds)).padStart(4)} s: RSS ${
              point.rssMb
            } MB, heap after GC ${point.heapAfterGcMb} MB (of ${
              point.heapTotalAfterGcMb
            } MB reserved), external ${point.externalAfterGcMb} MB, median ${point.medianMs} ms`,
          );
        }
        bot.forgetActivities();
      }
    }),
  );
  curve.sort((a, b) => a.answers - b.answers);
  // heap after GC is what the bot keeps: 1 MB (or 2 %) over the last half is growth. RSS also holds
  // what the allocator has not given back yet, so it is allowed more (8 MB or 5 %).
  const heap = trend(
    curve.map((p) => ({ answers: p.answers, value: p.heapAfterGcMb })),
    1,
    0.02,
  );
  const rss = trend(
    curve.map((p) => ({ answers: p.answers, value: p.rssMb })),
    8,
    0.05,
  );
  return {
    answers,
    seconds: round1((performance.now() - start) / 1000),
    sampleEvery,
    curve,
    peakRssMb: bot.memory().peakRssMb,
    heapSpacesAtEnd: (await bot.afterGc()).spaces,
    heap,
    rss,
    verdict: heap.verdict === 'plateau' && rss.verdict === 'plateau' ? 'plateau' : 'growth',
  };
}

/** One line: the verdict with its figures. */
export function soakSummary(soak: SoakResult): string {
  const line = (name: string, t: Trend): string =>
    `${name} ${t.firstMb} → ${t.lastMb} MB (max ${t.maxMb}), last half ${t.slopeMbPer1000 >= 0 ? '+' : ''}${
      t.slopeMbPer1000
    } MB per 1,000 answers: ${t.verdict}`;
  return `soak: ${soak.answers} answers in ${Math.round(soak.seconds)} s, peak RSS ${soak.peakRssMb} MB; ${line(
    'heap after GC',
    soak.heap,
  )}; ${line('RSS', soak.rss)} → ${soak.verdict.toUpperCase()}`;
}
