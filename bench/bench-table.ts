/**
 * The scale bench's table as issue #12 asks for it (answer, median, p95, floor, ratio, RSS), with the
 * searches the answer made, the replay of those searches and the answer over it, and the answer less
 * the HTTP turn (the `help` row), under a line naming the machine the figures came from.
 */
import os from 'node:os';

export interface TableRow {
  answer: string;
  median: number;
  p95: number;
  /** LDAP searches the bot made for one answer: the replay makes the same */
  searches: number;
  /** issue #12's floor (floor.ts); NaN: no LDAP floor (help) */
  floorMedian: number;
  /** median over the floor; NaN: no LDAP floor */
  ratio: number;
  /** the bot's own searches replayed bare (search-floor.ts) */
  replayMedian: number;
  /** median over the replay; NaN: no searches */
  replayRatio: number;
  /** median minus the help row's median; NaN for help */
  netMedian: number;
  /** the bot's peak RSS while this answer was measured */
  peakRssMb: number;
  /** CPU milliseconds per answer: the bot's process, the DC's */
  botCpuMs: number;
  dcCpuMs: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  loadAverageAtEnd: number[];
  node: string;
  os: string;
}

export function machine(): Machine {
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

export function machineLine(m: Machine): string {
  return `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}; load average ${m.loadAverageAtEnd.join(
    ' ',
  )}`;
}

export const ms = (value: number): string =>
  `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`.padStart(9);

/** The table as markdown, one row per answer, the machine line and the domain above it. */
export function tableLines(rows: TableRow[], m: Machine, domain: string): string[] {
  const lines = [
    '',
    machineLine(m),
    `domain: ${domain}`,
    '',
    '| answer | median | p95 | searches | floor | ratio | replay | ratio to replay | − transport | CPU bot + DC | RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const ratio = (r: number): string => (Number.isNaN(r) ? '-' : `${r.toFixed(2)}×`);
  const time = (t: number): string => (Number.isNaN(t) ? '-' : ms(t).trim());
  for (const r of rows)
    lines.push(
      `| ${r.answer} | ${time(r.median)} | ${time(r.p95)} | ${r.searches} | ${time(r.floorMedian)} | ${ratio(
        r.ratio,
      )} | ${r.searches === 0 ? '-' : time(r.replayMedian)} | ${ratio(r.replayRatio)} | ${time(r.netMedian)} | ${time(r.botCpuMs)} + ${time(
        r.dcCpuMs,
      )} | ${r.peakRssMb} MB |`,
    );
  lines.push(
    '',
    "floor: bare paged searches for the objects and attributes the answer needs, on one connection (issue #12; the target is ratio ≤ 1.5); replay: the bot's own searches made again bare on one connection; − transport: the median less the help row (the HTTP turn); CPU: per answer, the bot's process and the DC's",
  );
  return lines;
}
